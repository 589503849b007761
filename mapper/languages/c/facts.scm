; C facts for claude-map, after the patterns shared with C++ (common.scm).
; Capture names: see mapper/languages/spec.py.

; --- prototypes ------------------------------------------------------------------------
; A header's API. (C++ restricts them to file, namespace and class level: in a body,
; `std::ofstream out(path);` parses as a prototype too; in C a block-level prototype is
; rare and harmless.)
(declaration
  declarator: [
    (function_declarator declarator: (identifier) @name)
    (pointer_declarator declarator: (function_declarator declarator: (identifier) @name))
    (pointer_declarator
      declarator: (pointer_declarator declarator: (function_declarator declarator: (identifier) @name)))
  ]) @definition.function

; --- calls ---------------------------------------------------------------------------
; `p->fn(...)` and `s.fn(...)` keep their receiver: the separators make them `p.fn`.
(call_expression function: (_) @call.callee) @call
(call_expression
  function: (_) @call.callee
  arguments: (argument_list . (string_literal) @call.arg)) @call
; A mode string that writes (fopen(p, "w")): the open is a write.
(call_expression
  function: (_) @call.callee
  arguments: (argument_list (_) . (string_literal) @call.write)
  (#match? @call.write "^\"(r\\+|[wa])[bt+x]*\"$")) @call
