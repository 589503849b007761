; Rust facts for claude-map. Capture names: see mapper/languages/spec.py.
;
; A `use` tree gives one ImportSite per leaf, captured on the leaf so that each leaf of
; a multi-line group keeps its own line. `source` is the path in front of the leaf as
; written (`std::process`), `name` the leaf (`Command`, or `fs::File` when the leaf is
; itself a path inside a group). A group nested in a group (`a::{b::{C, D}}`) is one
; site of kind `use_group` for its module `a::b`: the extractor reads one node per
; capture, and no single node spells `a::b::C`.

; --- use: plain paths ------------------------------------------------------------------
(use_declaration argument: (identifier) @import.source @import @import.kind.use)
(use_declaration
  argument: (scoped_identifier path: (_) @import.source name: (_) @import.name) @import @import.kind.use)
; `use ::regex::Regex` and `use ::regex`: the leading `::` stays in the source.
(use_declaration argument: (scoped_identifier !path) @import.source @import @import.kind.use)
(use_declaration
  argument: (use_as_clause
    path: (scoped_identifier path: (_) @import.source name: (_) @import.name)
    alias: (identifier) @import.alias) @import @import.kind.use)
(use_declaration
  argument: (use_as_clause path: (identifier) @import.source alias: (identifier) @import.alias) @import @import.kind.use)
(use_declaration argument: (use_wildcard (_) @import.source) @import @import.kind.glob)

; --- use: one level of braces, `use a::b::{C, d::E, F as G, self, h::*, *}` ------------
(use_declaration
  argument: (scoped_use_list
    path: (_) @import.source
    list: (use_list [(identifier) (self) (scoped_identifier)] @import.name @import @import.kind.use)))
(use_declaration
  argument: (scoped_use_list
    path: (_) @import.source
    list: (use_list (use_as_clause path: (_) @import.name alias: (identifier) @import.alias) @import @import.kind.use)))
(use_declaration
  argument: (scoped_use_list
    path: (_) @import.source
    list: (use_list (use_wildcard (_) @import.name) @import @import.kind.glob)))
(use_declaration
  argument: (scoped_use_list
    path: (_) @import.source
    list: (use_list (use_wildcard) @import @_star @import.kind.glob (#eq? @_star "*"))))
(use_declaration
  argument: (scoped_use_list
    path: (_) @import.source
    list: (use_list (scoped_use_list path: (_) @import.name) @import @import.kind.use_group)))
; Braces with no path in front, `use {a, b::C}`: each leaf is a plain path.
(use_declaration argument: (use_list (identifier) @import.source @import @import.kind.use))
(use_declaration
  argument: (use_list (scoped_identifier path: (_) @import.source name: (_) @import.name) @import @import.kind.use))

; --- mod and extern crate ----------------------------------------------------------------
(mod_item !body name: (identifier) @import.source) @import @import.kind.mod
; `#[path = "x.rs"] mod foo;` also yields a site whose name is the file path.
((attribute_item
   (attribute (identifier) @_path (#eq? @_path "path") value: (string_literal (string_content) @import.name)))
 .
 (mod_item !body name: (identifier) @import.source) @import @import.kind.mod)
(extern_crate_declaration !alias name: (identifier) @import.source) @import @import.kind.extern_crate
(extern_crate_declaration name: (identifier) @import.source alias: (identifier) @import.alias) @import @import.kind.extern_crate

; --- definitions ---------------------------------------------------------------------
(function_item name: (identifier) @name) @definition.function
(function_signature_item name: (identifier) @name) @definition.function
(struct_item name: (type_identifier) @name) @definition.struct
(union_item name: (type_identifier) @name) @definition.struct
(enum_item name: (type_identifier) @name) @definition.enum
(trait_item name: (type_identifier) @name) @definition.trait
(type_item name: (type_identifier) @name) @definition.type
(macro_definition name: (identifier) @name) @definition.macro
; An impl block is a definition named after its type, so that its methods get
; `Config.new` qualnames. Its line has no `pub`, which keeps it out of public symbols.
(impl_item type: (type_identifier) @name) @definition.impl
(impl_item type: (generic_type type: (type_identifier) @name)) @definition.impl
(impl_item type: (scoped_type_identifier name: (type_identifier) @name)) @definition.impl
(impl_item type: (generic_type type: (scoped_type_identifier name: (type_identifier) @name))) @definition.impl
; Inline modules: their spans tell the resolver which module a `use` inside them is in.
(mod_item name: (identifier) @name body: (declaration_list)) @definition.module

; --- calls ---------------------------------------------------------------------------
(call_expression function: (_) @call.callee) @call
(call_expression function: (_) @call.callee arguments: (arguments . (string_literal) @call.arg)) @call
(call_expression
  function: (_) @call.callee
  arguments: (arguments . (raw_string_literal (string_content) @call.arg))) @call
(macro_invocation macro: (_) @call.callee) @call
(macro_invocation macro: (_) @call.callee (token_tree . (string_literal) @call.arg)) @call

; --- markers -------------------------------------------------------------------------
(source_file (function_item name: (identifier) @_main (#eq? @_main "main")) @marker.main_func)
(static_item (mutable_specifier) name: (identifier) @marker.name) @marker.global_write

; --- summary -------------------------------------------------------------------------
(source_file (line_comment inner: (inner_doc_comment_marker)) @summary)
(source_file (block_comment inner: (inner_doc_comment_marker)) @summary)

; --- routes (see mapper/languages/rust/routes.py) ------------------------------------------
; axum `.route("/users", get(list).post(create))`, actix `.route("/", web::get().to(index))`:
; one marker per call, on the line of its arguments (a chain of .route calls starts on
; one line, each call's arguments on their own), named by the arguments' text.
((call_expression
   function: (field_expression field: (field_identifier) @_route)
   arguments: (arguments . (string_literal)) @marker.name @marker.route)
 (#eq? @_route "route"))

; --- CLI subcommands (see mapper/analyze/subcommands.py) ----------------------------------
; #[derive(Subcommand)] enum Command { Add { .. }, List }: each variant is a subcommand.
((attribute_item (attribute (identifier) @_derive arguments: (token_tree (identifier) @_subcommand)))
 .
 (enum_item body: (enum_variant_list (enum_variant name: (identifier) @marker.name) @marker.subcommand))
 (#eq? @_derive "derive")
 (#eq? @_subcommand "Subcommand"))
