; JavaScript-only facts for claude-map; the patterns shared with TypeScript are in
; common.scm, which the registry loads first.

; import {default as x} from 'm' is a default import
(import_statement
  (import_clause (named_imports (import_specifier "default" alias: (identifier) @import.alias)))
  source: (string) @import.source) @import

; class fields holding functions: handle = () => {}
(class_body
  (field_definition
    property: [(property_identifier) (private_property_identifier)] @name
    value: [(arrow_function) (function_expression)]) @definition.method)
