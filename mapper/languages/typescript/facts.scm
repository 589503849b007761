; TypeScript/TSX-only facts for claude-map; the patterns shared with JavaScript are in
; javascript/common.scm, which the registry loads first. Not here: {default as x}, which
; these grammars parse as an ordinary named import (bind_import maps the name "default"
; to the module).

; TypeScript only: import fs = require('fs')
(import_statement
  (import_require_clause (identifier) @import.alias source: (string) @import.source))
  @import @import.kind.require

; class fields holding functions: handle = () => {}
(class_body
  (public_field_definition
    name: [(property_identifier) (private_property_identifier)] @name
    value: [(arrow_function) (function_expression)]) @definition.method)

; --- TypeScript-only definitions -------------------------------------------------------
(abstract_class_declaration name: (_) @name) @definition.class
(interface_declaration name: (_) @name) @definition.interface
(type_alias_declaration name: (_) @name) @definition.type
(enum_declaration name: (_) @name) @definition.enum
(internal_module name: [(identifier) (nested_identifier)] @name) @definition.namespace
(module name: [(identifier) (nested_identifier)] @name) @definition.namespace
