; C++ facts for claude-map, after the patterns shared with C (c/common.scm): what C++
; adds. Capture names: see mapper/languages/spec.py.

; --- using ---------------------------------------------------------------------------------
; `using namespace std;` binds nothing; `using std::system;` binds `system`; a
; namespace alias (`namespace fs = std::filesystem;`) binds `fs`.
(using_declaration "namespace" [(identifier) (qualified_identifier)] @import.source) @import @import.kind.using_namespace
((using_declaration (qualified_identifier) @import.source) @import @import.kind.using
  (#not-match? @import "^using\\s+namespace"))
(namespace_alias_definition
  name: (namespace_identifier) @import.alias
  [(nested_namespace_specifier) (namespace_identifier) (qualified_identifier)] @import.source) @import @import.kind.namespace_alias

; --- definitions ---------------------------------------------------------------------
; Members defined in a class body (the extractor makes them methods), by reference
; (`Foo& get()`), destructors and operators; plain functions are in common.scm.
(function_definition
  declarator: [
    (function_declarator declarator: [(field_identifier) (destructor_name) (operator_name)] @name)
    (pointer_declarator declarator: (function_declarator declarator: [(field_identifier) (operator_name)] @name))
    (reference_declarator (function_declarator declarator: [(identifier) (field_identifier) (operator_name)] @name))
  ]) @definition.function
; Out-of-line members, `void Server::run() {...}`: the class is the receiver, giving
; `Server.run`. One level of namespace in front (`ns::Server::run`) is skipped.
(function_definition
  declarator: [
    (function_declarator declarator: (qualified_identifier
      scope: [(namespace_identifier) @definition.receiver (template_type name: (type_identifier) @definition.receiver)]
      name: [(identifier) (destructor_name) (operator_name)] @name))
    (pointer_declarator declarator: (function_declarator declarator: (qualified_identifier
      scope: [(namespace_identifier) @definition.receiver (template_type name: (type_identifier) @definition.receiver)]
      name: [(identifier) (operator_name)] @name)))
    (reference_declarator (function_declarator declarator: (qualified_identifier
      scope: [(namespace_identifier) @definition.receiver (template_type name: (type_identifier) @definition.receiver)]
      name: [(identifier) (operator_name)] @name)))
    (function_declarator declarator: (qualified_identifier
      name: (qualified_identifier
        scope: [(namespace_identifier) @definition.receiver (template_type name: (type_identifier) @definition.receiver)]
        name: [(identifier) (destructor_name) (operator_name)] @name)))
  ]) @definition.method
; Member declarations in a class body are its interface.
(field_declaration
  declarator: [
    (function_declarator declarator: [(field_identifier) (destructor_name) (operator_name)] @name)
    (pointer_declarator declarator: (function_declarator declarator: [(field_identifier) (operator_name)] @name))
    (reference_declarator (function_declarator declarator: [(field_identifier) (operator_name)] @name))
  ]) @definition.function
; Prototypes at file, namespace, class and template level, and in `#if` branches
; (header guards put everything in one). In a body they are left out: there
; `std::ofstream out(path);` parses as one, and is a construction (see calls).
(translation_unit
  (declaration declarator: [
    (function_declarator declarator: [(identifier) (destructor_name) (operator_name)] @name)
    (pointer_declarator declarator: (function_declarator declarator: (identifier) @name))
    (reference_declarator (function_declarator declarator: (identifier) @name))
  ]) @definition.function)
(declaration_list
  (declaration declarator: [
    (function_declarator declarator: [(identifier) (destructor_name) (operator_name)] @name)
    (pointer_declarator declarator: (function_declarator declarator: (identifier) @name))
    (reference_declarator (function_declarator declarator: (identifier) @name))
  ]) @definition.function)
(field_declaration_list
  (declaration declarator: [
    (function_declarator declarator: [(identifier) (destructor_name) (operator_name)] @name)
    (pointer_declarator declarator: (function_declarator declarator: (identifier) @name))
    (reference_declarator (function_declarator declarator: (identifier) @name))
  ]) @definition.function)
(template_declaration
  (declaration declarator: [
    (function_declarator declarator: [(identifier) (destructor_name) (operator_name)] @name)
    (pointer_declarator declarator: (function_declarator declarator: (identifier) @name))
    (reference_declarator (function_declarator declarator: (identifier) @name))
  ]) @definition.function)
(preproc_ifdef
  (declaration declarator: [
    (function_declarator declarator: [(identifier) (destructor_name) (operator_name)] @name)
    (pointer_declarator declarator: (function_declarator declarator: (identifier) @name))
    (reference_declarator (function_declarator declarator: (identifier) @name))
  ]) @definition.function)
(preproc_if
  (declaration declarator: [
    (function_declarator declarator: [(identifier) (destructor_name) (operator_name)] @name)
    (pointer_declarator declarator: (function_declarator declarator: (identifier) @name))
    (reference_declarator (function_declarator declarator: (identifier) @name))
  ]) @definition.function)
(preproc_else
  (declaration declarator: [
    (function_declarator declarator: [(identifier) (destructor_name) (operator_name)] @name)
    (pointer_declarator declarator: (function_declarator declarator: (identifier) @name))
    (reference_declarator (function_declarator declarator: (identifier) @name))
  ]) @definition.function)
(preproc_elif
  (declaration declarator: [
    (function_declarator declarator: [(identifier) (destructor_name) (operator_name)] @name)
    (pointer_declarator declarator: (function_declarator declarator: (identifier) @name))
    (reference_declarator (function_declarator declarator: (identifier) @name))
  ]) @definition.function)
(class_specifier
  name: [(type_identifier) @name (template_type name: (type_identifier) @name)]
  body: (field_declaration_list)) @definition.class
(struct_specifier
  name: (template_type name: (type_identifier) @name)
  body: (field_declaration_list)) @definition.struct
(type_definition
  type: [(qualified_identifier) (template_type)]
  declarator: [
    (type_identifier) @name
    (pointer_declarator declarator: (type_identifier) @name)
  ]) @definition.type
(alias_declaration name: (type_identifier) @name) @definition.type

; --- calls ---------------------------------------------------------------------------
; `std::system(...)` is `std.system`, `p->fn(...)` is `p.fn`. A global-scope call
; (`::exit(1)`) is named without its leading `::`; a template call by its name
; (`foo<int>(x)` is `foo`). Qualified template calls (`std::make_unique<T>()`) are
; left out: their text is no dotted name.
(call_expression
  function: [(identifier) (field_expression) (qualified_identifier scope: (_))] @call.callee) @call
(call_expression
  function: [(identifier) (field_expression) (qualified_identifier scope: (_))] @call.callee
  arguments: (argument_list . (string_literal) @call.arg)) @call
(call_expression
  function: [
    (qualified_identifier !scope name: (identifier) @call.callee)
    (template_function name: (identifier) @call.callee)
  ]) @call
(call_expression
  function: [
    (qualified_identifier !scope name: (identifier) @call.callee)
    (template_function name: (identifier) @call.callee)
  ]
  arguments: (argument_list . (string_literal) @call.arg)) @call
; Constructing an object is calling its class: `new Server(...)`,
; `std::ofstream out("f.txt")`, `std::random_device rd;`, and in a body the
; prototype-shaped `std::ofstream out(path);`.
(new_expression type: (_) @call.callee) @call
(new_expression type: (_) @call.callee arguments: (argument_list . (string_literal) @call.arg)) @call
(declaration
  type: [(qualified_identifier) (type_identifier)] @call.callee
  declarator: (init_declarator value: [(argument_list) (initializer_list)])) @call
(declaration
  type: [(qualified_identifier) (type_identifier)] @call.callee
  declarator: (init_declarator value: (argument_list . (string_literal) @call.arg))) @call
(declaration type: (qualified_identifier) @call.callee declarator: (identifier)) @call
(compound_statement
  (declaration
    type: [(qualified_identifier) (type_identifier)] @call.callee
    declarator: (function_declarator)) @call)

; --- markers -------------------------------------------------------------------------
(namespace_definition name: (_) @marker.name) @marker.namespace
