; C# facts for claude-map. Capture names: see mapper/languages/spec.py.

; --- imports -------------------------------------------------------------------------
; `using A.B;` (also `global using`) opens a namespace; `using X = A.B.C;` names one;
; `using static A.B.C;` opens a type's members.
((using_directive !name [(identifier) (qualified_name)] @import.source) @import @import.kind.using
  (#not-match? @import "^(global\\s+)?using\\s+static\\s"))
(using_directive
  name: (identifier) @import.alias
  [(identifier) (qualified_name)] @import.source) @import @import.kind.using
(using_directive "static" [(identifier) (qualified_name)] @import.source) @import @import.kind.static

; --- definitions ---------------------------------------------------------------------
(class_declaration name: (identifier) @name) @definition.class
(struct_declaration name: (identifier) @name) @definition.struct
(interface_declaration name: (identifier) @name) @definition.interface
(enum_declaration name: (identifier) @name) @definition.enum
(record_declaration name: (identifier) @name) @definition.record
(method_declaration name: (identifier) @name) @definition.method
(constructor_declaration name: (identifier) @name) @definition.constructor
(property_declaration name: (identifier) @name) @definition.property

; --- calls ---------------------------------------------------------------------------
; `Foo.Bar()` and `a.b.Bar()` are one member-access node. A generic method
; (`services.AddDbContext<Db>()`) keeps its receiver apart from its name, without the
; type arguments. `new X(...)` is a call to `X`.
(invocation_expression
  function: [(identifier) (member_access_expression name: (identifier))] @call.callee) @call
(invocation_expression
  function: [(identifier) (member_access_expression name: (identifier))] @call.callee
  arguments: (argument_list . (argument [(string_literal) (raw_string_literal)] @call.arg))) @call
(invocation_expression function: (generic_name (identifier) @call.callee)) @call
(invocation_expression
  function: (member_access_expression
    expression: (_) @call.receiver
    name: (generic_name (identifier) @call.callee))) @call
(invocation_expression
  function: (member_access_expression
    expression: (_) @call.receiver
    name: (generic_name (identifier) @call.callee))
  arguments: (argument_list . (argument [(string_literal) (raw_string_literal)] @call.arg))) @call
(object_creation_expression type: [(identifier) (qualified_name)] @call.callee) @call
((object_creation_expression type: [(identifier) (qualified_name)] @call.callee arguments: (argument_list) @call.bare) @call
 (#match? @call.bare "^[(][ \t]*[)]$"))
(object_creation_expression
  type: [(identifier) (qualified_name)] @call.callee
  arguments: (argument_list . (argument [(string_literal) (raw_string_literal)] @call.arg))) @call
(object_creation_expression type: (generic_name (identifier) @call.callee)) @call
; The platform clock is a property, not a call: `DateTime.Now`, `DateTimeOffset.UtcNow`
; read it all the same, so these member reads are call sites too.
((member_access_expression name: (identifier) @_clock) @call @call.callee
  (#match? @_clock "^(Now|UtcNow|Today|TickCount|TickCount64)$"))

; --- markers -------------------------------------------------------------------------
(namespace_declaration name: (_) @marker.name) @marker.package
(file_scoped_namespace_declaration name: (_) @marker.name) @marker.package
; `static void Main` / `static async Task<int> Main`, named after its type.
([(class_declaration name: (identifier) @marker.name
    body: (declaration_list
      (method_declaration (modifier) @_static name: (identifier) @_main) @marker.main_func))
  (struct_declaration name: (identifier) @marker.name
    body: (declaration_list
      (method_declaration (modifier) @_static name: (identifier) @_main) @marker.main_func))]
  (#eq? @_main "Main")
  (#eq? @_static "static"))
; Top-level statements are the program's Main: the first one marks it (first in the
; file, or the first after the using directives or a comment).
(compilation_unit . (global_statement) @marker.main_func)
(compilation_unit (using_directive) . (global_statement) @marker.main_func)
(compilation_unit (comment) . (global_statement) @marker.main_func)
; Attributes that say how code is reached (ASP.NET controllers and routes, functions).
((attribute name: (identifier) @marker.name) @marker.annotation
  (#match? @marker.name "^(ApiController|Controller|Route|Http(Get|Post|Put|Delete|Patch)|Authorize|AllowAnonymous|Function|FunctionName|HubName)$"))
; Route templates: `[HttpGet("{id}")]`, `[Route("api/orders")]`, `app.MapGet("/x", ...)`.
((attribute
   name: (identifier) @_attribute
   (attribute_argument_list . (attribute_argument (string_literal (string_literal_content) @marker.name)))) @marker.route
  (#match? @_attribute "^(Route|Http(Get|Post|Put|Delete|Patch))$"))
((invocation_expression
   function: (member_access_expression name: (identifier) @_method)
   arguments: (argument_list . (argument (string_literal (string_literal_content) @marker.name)))) @marker.route
  (#match? @_method "^Map(Get|Post|Put|Delete|Patch|Group)$"))

; --- summary -------------------------------------------------------------------------
; The XML doc comment of the first documented type of the file or of a namespace
; block (not of a nested type), without its <summary> tag lines.
(compilation_unit
  (comment) @summary
  .
  (comment)*
  .
  [(class_declaration) (struct_declaration) (interface_declaration) (enum_declaration)
   (record_declaration)]
  (#match? @summary "^///")
  (#not-match? @summary "^///\\s*</?summary>\\s*$"))
(namespace_declaration
  body: (declaration_list
    (comment) @summary
    .
    (comment)*
    .
    [(class_declaration) (struct_declaration) (interface_declaration) (enum_declaration)
     (record_declaration)])
  (#match? @summary "^///")
  (#not-match? @summary "^///\\s*</?summary>\\s*$"))

; --- route handlers (see mapper/analyze/routes.py) ------------------------------------
; app.MapGet("/x", Handlers.List) / app.MapGet("/x", () => "ok"): the last argument
; handles the route; a lambda is an anonymous handler.
((invocation_expression
   function: (member_access_expression name: (identifier) @_method)
   arguments: (argument_list
     . (argument (string_literal))
     (argument [(identifier) (member_access_expression)] @marker.name) .)) @marker.handler
  (#match? @_method "^Map(Get|Post|Put|Delete|Patch)?$"))
((invocation_expression
   function: (member_access_expression name: (identifier) @_method)
   arguments: (argument_list
     . (argument (string_literal))
     (argument [(lambda_expression) (anonymous_method_expression)]) .)) @marker.handler
  (#match? @_method "^Map(Get|Post|Put|Delete|Patch)?$"))
