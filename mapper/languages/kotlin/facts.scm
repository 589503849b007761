; Kotlin facts for claude-map. Capture names: see mapper/languages/spec.py.

; --- imports -------------------------------------------------------------------------
; The source is the whole dotted name; `as` renames it; a wildcard's source is its
; package. The anchor keeps the plain pattern off aliased imports (whose last named
; child is the alias); the predicate keeps it off wildcards (whose `*` is anonymous).
((import (qualified_identifier) @import.source .) @import
  (#not-match? @import "\\*\\s*$"))
(import (qualified_identifier) @import.source . (identifier) @import.alias) @import
((import (qualified_identifier) @import.source) @import @import.kind.wildcard
  (#match? @import "\\*\\s*$"))

; --- definitions ---------------------------------------------------------------------
; Classes, interfaces and enum classes are all class_declaration; the keyword tells.
(class_declaration "class" name: (identifier) @name) @definition.class
(class_declaration "interface" name: (identifier) @name) @definition.interface
(object_declaration name: (identifier) @name) @definition.object
(function_declaration name: (identifier) @name) @definition.function
(type_alias type: (identifier) @name) @definition.type

; --- calls ---------------------------------------------------------------------------
; The callee is the first child: a name, or a navigation (`System.getenv`,
; `File(x).writeText` -> `?.writeText`). Constructor calls look like any other call.
(call_expression . [(identifier) (navigation_expression)] @call.callee) @call
((call_expression . [(identifier) (navigation_expression)] @call.callee (value_arguments) @call.bare) @call
 (#match? @call.bare "^[(][ \t]*[)]$"))
(call_expression
  . [(identifier) (navigation_expression)] @call.callee
  (value_arguments . (value_argument . (string_literal) @call.arg))) @call
; The grammar reads `runApplication<App>(*args)` as two comparisons; a comparison
; chain ending in a parenthesised expression is not Kotlin, so it is a generic call.
((binary_expression
   left: (binary_expression left: [(identifier) (navigation_expression)] @call.callee operator: "<")
   operator: ">"
   right: (parenthesized_expression)) @call)

; --- markers -------------------------------------------------------------------------
(package_header (qualified_identifier) @marker.name) @marker.package
; An extension `fun Foo.main(...)` is an ordinary function: the receiver is a child
; without a field name, so the text tells them apart.
(source_file
  (function_declaration name: (identifier) @_main) @marker.main_func
  (#eq? @_main "main")
  (#match? @marker.main_func "\\bfun\\s+main\\s*\\("))
; Framework annotations that say how code is reached (Spring, Micronaut, JAX-RS).
([(annotation (user_type (identifier) @marker.name))
  (annotation (constructor_invocation (user_type (identifier) @marker.name)))] @marker.annotation
  (#match? @marker.name "^(SpringBootApplication|RestController|Controller|ControllerAdvice|RequestMapping|(Get|Post|Put|Delete|Patch)Mapping|Service|Repository|Component|Configuration|ConfigurationProperties|Bean|Scheduled|KafkaListener|RabbitListener|EventListener|Entity|Path|GET|POST|PUT|DELETE|PATCH|Get|Post|Put|Delete|Patch|Command)$"))
((annotation
   (constructor_invocation
     (user_type (identifier) @_annotation)
     (value_arguments . (value_argument . (string_literal (string_content) @marker.name))))) @marker.route
  (#match? @_annotation "^((Get|Post|Put|Delete|Patch|Request)Mapping|Path|Get|Post|Put|Delete|Patch)$"))

; --- summary -------------------------------------------------------------------------
; The KDoc right before a top-level class or object; the first one in the file wins. A
; top-level function's KDoc documents that function, not the file.
(source_file
  (block_comment) @summary
  .
  [(class_declaration) (object_declaration)]
  (#match? @summary "^/\\*\\*")
  (#not-match? @summary "[Cc]opyright|[Ll]icen[cs]e|SPDX"))
