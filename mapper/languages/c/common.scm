; Facts C and C++ share, loaded before each folder's facts.scm (the C++ grammar extends
; the C one, so these patterns hold in both). Capture names: see mapper/languages/spec.py.

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
  declarator: [
    (function_declarator declarator: (identifier) @name)
    (pointer_declarator declarator: (function_declarator declarator: (identifier) @name))
    (pointer_declarator
      declarator: (pointer_declarator declarator: (function_declarator declarator: (identifier) @name)))
  ]) @definition.function
; Only a struct / union / enum with a body defines it; `struct point p;` only uses it.
(struct_specifier name: (type_identifier) @name body: (field_declaration_list)) @definition.struct
(union_specifier name: (type_identifier) @name body: (field_declaration_list)) @definition.union
(enum_specifier name: (type_identifier) @name body: (enumerator_list)) @definition.enum
; A typedef that defines a named struct around it is captured on its name alone, so
; the struct stays top-level (`struct point`, not `point_t.point`).
(type_definition
  type: [
    (type_identifier) (primitive_type) (sized_type_specifier) (struct_specifier !body)
    (union_specifier !body) (enum_specifier !body) (struct_specifier !name)
    (union_specifier !name) (enum_specifier !name)
  ]
  declarator: [
    (type_identifier) @name
    (pointer_declarator declarator: (type_identifier) @name)
  ]) @definition.type
(type_definition
  type: [
    (struct_specifier name: (_) body: (_)) (union_specifier name: (_) body: (_))
    (enum_specifier name: (_) body: (_))
  ]
  declarator: (type_identifier) @name @definition.type)
(preproc_function_def name: (identifier) @name) @definition.macro

; --- markers -------------------------------------------------------------------------
(function_definition
  declarator: (function_declarator declarator: (identifier) @_main (#eq? @_main "main"))) @marker.main_func

; --- summary -------------------------------------------------------------------------
; The file's first comment with the comment lines right after it, unless it is a
; licence header (tree-sitter cannot see the blank line after one, so its words tell
; it apart); else the comment after a licence block (`/* ... */`: after a `//`
; licence the next comment is the licence's own next line).
(translation_unit
  . (comment) @summary
  (#not-match? @summary "[Cc]opyright|[Ll]icen[cs]e|SPDX|\\([Cc]\\)"))
(translation_unit
  . (comment) @_first
  . (comment)+ @summary
  (#not-match? @_first "[Cc]opyright|[Ll]icen[cs]e|SPDX|\\([Cc]\\)"))
(translation_unit
  . (comment) @_licence
  . (comment) @summary
  (#match? @_licence "^/\\*")
  (#match? @_licence "[Cc]opyright|[Ll]icen[cs]e|SPDX|\\([Cc]\\)"))
