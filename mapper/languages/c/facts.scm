; C facts for claude-map. Capture names: see mapper/languages/spec.py.

; --- includes ----------------------------------------------------------------------------
; `#include "x.h"` is looked up next to the including file first; `#include <x.h>` only
; on the include path. The kind tells the resolver which. A computed include
; (`#include HEADER`) names no file and is left out.
(preproc_include path: (string_literal) @import.source) @import @import.kind.local
(preproc_include path: (system_lib_string) @import.source) @import @import.kind.system

; --- definitions ---------------------------------------------------------------------
; The name sits at the bottom of a declarator chain: `int *mk(void)` wraps the function
; declarator in a pointer declarator, `char **argv_of(void)` in two.
(function_definition
  declarator: (function_declarator declarator: (identifier) @name)) @definition.function
(function_definition
  declarator: (pointer_declarator
    declarator: (function_declarator declarator: (identifier) @name))) @definition.function
(function_definition
  declarator: (pointer_declarator
    declarator: (pointer_declarator
      declarator: (function_declarator declarator: (identifier) @name)))) @definition.function
; Prototypes are a header's API. A prototype inside a function body is rare enough to
; be counted as well.
(declaration
  declarator: (function_declarator declarator: (identifier) @name)) @definition.function
(declaration
  declarator: (pointer_declarator
    declarator: (function_declarator declarator: (identifier) @name))) @definition.function
; Only a struct / union / enum with a body defines it; `struct point p;` only uses it.
(struct_specifier name: (type_identifier) @name body: (field_declaration_list)) @definition.struct
(union_specifier name: (type_identifier) @name body: (field_declaration_list)) @definition.union
(enum_specifier name: (type_identifier) @name body: (enumerator_list)) @definition.enum
(type_definition declarator: (type_identifier) @name) @definition.type
(type_definition
  declarator: (pointer_declarator declarator: (type_identifier) @name)) @definition.type
(preproc_function_def name: (identifier) @name) @definition.macro

; --- calls ---------------------------------------------------------------------------
; `p->fn(...)` and `s.fn(...)` keep their receiver: the separators make them `p.fn`.
(call_expression function: (_) @call.callee) @call
(call_expression
  function: (_) @call.callee
  arguments: (argument_list . (string_literal) @call.arg)) @call

; --- markers -------------------------------------------------------------------------
(function_definition
  declarator: (function_declarator declarator: (identifier) @_main (#eq? @_main "main"))) @marker.main_func

; --- summary -------------------------------------------------------------------------
; The file's first comment, unless it is a licence header (tree-sitter cannot see the
; blank line after one, so its words tell it apart); else a comment just before the
; first include, when the file opens with a licence.
(translation_unit . (comment) @summary
  (#not-match? @summary "[Cc]opyright|[Ll]icen[cs]e|SPDX|\\(C\\)|\\(c\\)"))
(translation_unit
  . (comment) @_licence
  . (comment) @summary
  (#match? @_licence "[Cc]opyright|[Ll]icen[cs]e|SPDX"))
