"""TypeScript: ``.ts``, ``.tsx``, ``.mts`` and ``.cts`` files (``.d.ts`` included).

Everything the JavaScript folder supports (its resolver, bindings and package.json
readers are reused from ``mapper.languages.javascript``), plus: ``import x =
require('m')``, type-only imports (kept as edges), interfaces, type aliases, enums,
abstract classes, namespaces; ``./x.js`` specifiers that name ``x.ts`` on disk; TSX
through the TSX grammar.

Known gaps: as for JavaScript; also overload signatures, ``declare`` signatures and
interface members are not definitions, and ``export = x`` is not an export marker.
"""

from __future__ import annotations

from dataclasses import replace

from mapper.languages.javascript import SPEC as JAVASCRIPT
from mapper.languages.spec import GrammarRef

__all__ = ["SPEC"]

# Same resolver, bindings, separators, package.json readers, shared queries
# (javascript/common.scm) and knowledge tables as JavaScript; only the name, files,
# grammars and the grammar-specific facts.scm differ.
SPEC = replace(
    JAVASCRIPT,
    name="typescript",
    extensions=(".ts", ".tsx", ".mts", ".cts"),
    declaration_extensions=(
        (".d.ts", (".ts", ".tsx", ".js", ".jsx")), (".d.mts", (".mts", ".mjs")), (".d.cts", (".cts", ".cjs")),
    ),
    grammars={
        "": GrammarRef("tree_sitter_typescript", "language_typescript", pack_name="typescript"),
        ".tsx": GrammarRef("tree_sitter_typescript", "language_tsx", pack_name="tsx"),
    },
    package=__name__,
    knowledge_package=JAVASCRIPT.package,  # the same tables: TypeScript imports the same packages
)
