; Java facts for claude-map. Capture names: see mapper/languages/spec.py.

; --- imports -------------------------------------------------------------------------
; The source is the whole dotted name (`java.nio.file.Files`); a wildcard's source is
; its package (`java.util` for `java.util.*`). The anchor after the name keeps the
; plain patterns off wildcards, whose last named child is the asterisk.
((import_declaration [(identifier) (scoped_identifier)] @import.source .) @import
  (#not-match? @import "^import\\s+static\\s"))
(import_declaration "static" [(identifier) (scoped_identifier)] @import.source .) @import @import.kind.static
((import_declaration [(identifier) (scoped_identifier)] @import.source (asterisk)) @import @import.kind.wildcard
  (#not-match? @import "^import\\s+static\\s"))
(import_declaration "static" [(identifier) (scoped_identifier)] @import.source (asterisk)) @import @import.kind.static_wildcard

; --- definitions ---------------------------------------------------------------------
(class_declaration name: (identifier) @name) @definition.class
(interface_declaration name: (identifier) @name) @definition.interface
(enum_declaration name: (identifier) @name) @definition.enum
(record_declaration name: (identifier) @name) @definition.record
(annotation_type_declaration name: (identifier) @name) @definition.annotation
(method_declaration name: (identifier) @name) @definition.method
(constructor_declaration name: (identifier) @name) @definition.constructor

; --- calls ---------------------------------------------------------------------------
; `a.b.m()` has no node spanning `a.b.m`: the receiver is captured on its own and the
; extractor writes it before the method name. `new X(...)` is a call to `X`.
(method_invocation !object name: (identifier) @call.callee) @call
(method_invocation !object
  name: (identifier) @call.callee
  arguments: (argument_list . (string_literal) @call.arg)) @call
(method_invocation object: (_) @call.receiver name: (identifier) @call.callee) @call
(method_invocation
  object: (_) @call.receiver
  name: (identifier) @call.callee
  arguments: (argument_list . (string_literal) @call.arg)) @call
(object_creation_expression type: [(type_identifier) (scoped_type_identifier)] @call.callee) @call
((object_creation_expression
  type: [(type_identifier) (scoped_type_identifier)] @call.callee
  arguments: (argument_list) @call.bare) @call
 (#match? @call.bare "^[(][ \t]*[)]$"))
(object_creation_expression
  type: [(type_identifier) (scoped_type_identifier)] @call.callee
  arguments: (argument_list . (string_literal) @call.arg)) @call
(object_creation_expression
  type: (generic_type [(type_identifier) (scoped_type_identifier)] @call.callee)) @call
(object_creation_expression
  type: (generic_type [(type_identifier) (scoped_type_identifier)] @call.callee)
  arguments: (argument_list . (string_literal) @call.arg)) @call

; --- markers -------------------------------------------------------------------------
(package_declaration [(scoped_identifier) (identifier)] @marker.name) @marker.package
; `public static void main`, named after its class so an entry point can say which
; class the launcher runs.
([(class_declaration name: (identifier) @marker.name
    body: (class_body
      (method_declaration (modifiers) @_mods type: (void_type) name: (identifier) @_main) @marker.main_func))
  (record_declaration name: (identifier) @marker.name
    body: (class_body
      (method_declaration (modifiers) @_mods type: (void_type) name: (identifier) @_main) @marker.main_func))]
  (#eq? @_main "main")
  (#match? @_mods "\\bstatic\\b")
  (#match? @_mods "\\bpublic\\b"))
; Framework annotations that say how code is reached (Spring, JAX-RS, Micronaut).
([(marker_annotation name: (identifier) @marker.name)
  (annotation name: (identifier) @marker.name)] @marker.annotation
  (#match? @marker.name "^(SpringBootApplication|RestController|Controller|ControllerAdvice|RequestMapping|(Get|Post|Put|Delete|Patch)Mapping|Service|Repository|Component|Configuration|ConfigurationProperties|Bean|Scheduled|KafkaListener|RabbitListener|JmsListener|EventListener|Entity|Path|GET|POST|PUT|DELETE|PATCH|Get|Post|Put|Delete|Patch|Command|QuarkusMain)$"))
; The path of a request mapping: `@GetMapping("/orders")`, `@Path("/orders")`.
((annotation
   name: (identifier) @_annotation
   arguments: (annotation_argument_list . (string_literal (string_fragment) @marker.name))) @marker.route
  (#match? @_annotation "^((Get|Post|Put|Delete|Patch|Request)Mapping|Path|Get|Post|Put|Delete|Patch)$"))

; --- summary -------------------------------------------------------------------------
; The Javadoc right before a top-level type declaration; the first one in the file
; wins. Licence headers are block comments too, told apart by their words.
(program
  (block_comment) @summary
  .
  [(class_declaration) (interface_declaration) (enum_declaration) (record_declaration)
   (annotation_type_declaration)]
  (#match? @summary "^/\\*\\*")
  (#not-match? @summary "[Cc]opyright|[Ll]icen[cs]e|SPDX"))
; The path as a named element: `@GetMapping(path = "/x")`, `@RequestMapping(value = "/x")`.
((annotation
   name: (identifier) @_annotation
   arguments: (annotation_argument_list
     (element_value_pair key: (identifier) @_key value: (string_literal (string_fragment) @marker.name)))) @marker.route
  (#match? @_annotation "^((Get|Post|Put|Delete|Patch|Request)Mapping)$")
  (#match? @_key "^(value|path)$"))
; `@RequestMapping(path = "/x", method = RequestMethod.POST)`: the methods it names.
((annotation
   name: (identifier) @_annotation
   arguments: (annotation_argument_list
     (element_value_pair key: (identifier) @_key value: (_) @marker.name))) @marker.methods
  (#eq? @_annotation "RequestMapping")
  (#eq? @_key "method"))
