; Go facts for claude-map. Capture names: see mapper/languages/spec.py.

; --- imports -------------------------------------------------------------------------
; Single and grouped imports look the same below import_declaration: one import_spec
; each. Blank (`_`) and dot (`.`) imports get their own kinds so they bind no name.
(import_spec !name path: (_) @import.source) @import
(import_spec name: (package_identifier) @import.alias path: (_) @import.source) @import
(import_spec name: (blank_identifier) path: (_) @import.source) @import @import.kind.blank
(import_spec name: (dot) path: (_) @import.source) @import @import.kind.dot

; --- definitions ---------------------------------------------------------------------
(function_declaration name: (identifier) @name) @definition.function
(method_declaration
  receiver: (parameter_list (parameter_declaration type: (_) @definition.receiver))
  name: (field_identifier) @name) @definition.method
(type_spec name: (type_identifier) @name type: (struct_type)) @definition.struct
(type_spec name: (type_identifier) @name type: (interface_type)) @definition.interface
(type_spec
  name: (type_identifier) @name
  type: [
    (type_identifier) (qualified_type) (pointer_type) (slice_type) (map_type)
    (array_type) (function_type) (channel_type) (generic_type)
  ]) @definition.type
(type_alias name: (type_identifier) @name) @definition.type
; Interface methods nest inside their interface, so they get `Runner.Run` qualnames.
(method_elem name: (field_identifier) @name) @definition.method

; --- calls ---------------------------------------------------------------------------
(call_expression function: (_) @call.callee) @call
(call_expression
  function: (_) @call.callee
  arguments: (argument_list . [(interpreted_string_literal) (raw_string_literal)] @call.arg)) @call
; Flags that open for writing (os.OpenFile(p, os.O_CREATE|os.O_WRONLY, 0o600)): the open is a write.
(call_expression
  function: (_) @call.callee
  arguments: (argument_list (_) . (_) @call.write)
  (#match? @call.write "O_(WRONLY|RDWR|CREATE|APPEND|TRUNC)")) @call

; --- markers -------------------------------------------------------------------------
(package_clause (package_identifier) @marker.name) @marker.package
(source_file
  (function_declaration name: (identifier) @_main (#eq? @_main "main")) @marker.main_func)

; --- summary -------------------------------------------------------------------------
; The package doc comment: a comment in the run before `package` that opens with the
; conventional "Package x" / "Command x", or else the file's first comment unless it is
; a build constraint or a licence header (tree-sitter cannot see blank lines, so the
; licence words are how a header is told apart from a doc comment).
((comment) @summary . (comment)* . (package_clause)
  (#match? @summary "^(//|/\\*)\\s*(Package|Command) "))
(source_file . (comment) @summary . (comment)* . (package_clause)
  (#not-match? @summary "^//(go:build| \\+build)|[Cc]opyright|[Ll]icen[cs]e|SPDX"))

; --- route handlers (see mapper/analyze/routes.py) ------------------------------------
; mux.HandleFunc("GET /books", s.listBooks), r.GET("/x", auth, h): the last argument
; handles the route; a function literal is an anonymous handler.
((call_expression
   function: [(selector_expression field: (field_identifier) @_register) (identifier) @_register]
   arguments: (argument_list
     . [(interpreted_string_literal) (raw_string_literal)]
     [(identifier) (selector_expression)] @marker.name .)) @marker.handler
 (#match? @_register "^(Handle|HandleFunc|GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|Any|Get|Post|Put|Patch|Delete|Head|Options|Connect|Trace)$"))
((call_expression
   function: [(selector_expression field: (field_identifier) @_register) (identifier) @_register]
   arguments: (argument_list
     . [(interpreted_string_literal) (raw_string_literal)]
     [(func_literal) (call_expression)] .)) @marker.handler
 (#match? @_register "^(Handle|HandleFunc|GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|Any|Get|Post|Put|Patch|Delete|Head|Options|Connect|Trace)$"))
; v1 := r.Group("/v1"): routes registered on v1 in this file are under /v1.
((short_var_declaration
   left: (expression_list . (identifier) @marker.name)
   right: (expression_list . (call_expression
     function: (selector_expression field: (field_identifier) @_group)
     arguments: (argument_list . (interpreted_string_literal))))) @marker.group
 (#match? @_group "^(Group|Route|PathPrefix)$"))
((short_var_declaration
   right: (expression_list . (call_expression
     function: (selector_expression field: (field_identifier) @_group)
     arguments: (argument_list . (interpreted_string_literal) @marker.name)))) @marker.prefix
 (#match? @_group "^(Group|Route|PathPrefix)$"))

; --- CLI subcommands (see mapper/analyze/subcommands.py) ----------------------------------
; &cobra.Command{Use: "serve [flags]"}: the first word of Use is the command's name.
((composite_literal
   type: (qualified_type name: (type_identifier) @_type)
   body: (literal_value
     (keyed_element key: (literal_element (identifier) @_key)
                    value: (literal_element (interpreted_string_literal) @marker.name)))) @marker.subcommand_named
 (#eq? @_type "Command")
 (#eq? @_key "Use"))
