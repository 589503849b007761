; Python facts for claude-map. Capture names: see mapper/languages/spec.py.

; --- imports -------------------------------------------------------------------------
(import_statement name: (dotted_name) @import.source) @import
(import_statement
  name: (aliased_import name: (dotted_name) @import.source alias: (identifier) @import.alias)) @import
(import_from_statement module_name: (_) @import.source name: (dotted_name) @import.name) @import
(import_from_statement
  module_name: (_) @import.source
  name: (aliased_import name: (dotted_name) @import.name alias: (identifier) @import.alias)) @import
(import_from_statement module_name: (_) @import.source (wildcard_import)) @import @import.kind.wildcard

; --- definitions ---------------------------------------------------------------------
(function_definition name: (identifier) @name) @definition.function
(class_definition name: (identifier) @name) @definition.class

; --- calls and keyed reads -------------------------------------------------------------
(call function: (_) @call.callee) @call
(call function: (_) @call.callee arguments: (argument_list . (string) @call.arg)) @call
((call function: (_) @call.callee arguments: (argument_list) @call.bare) @call
 (#match? @call.bare "^[(][ \t]*[)]$"))
; A mode string that writes (open(p, "w"), open(p, mode="ab")): the open is a write.
(call function: (_) @call.callee
  arguments: (argument_list (_) . (string) @call.write)
  (#match? @call.write "^[rbuRBU]*[\"'][rbt]*[wax+][bt+]*[\"']$")) @call
(call function: (_) @call.callee
  arguments: (argument_list (keyword_argument name: (identifier) @_mode value: (string) @call.write))
  (#eq? @_mode "mode")
  (#match? @call.write "^[rbuRBU]*[\"'][rbt]*[wax+][bt+]*[\"']$")) @call
(subscript value: (_) @access.object subscript: (string) @access.key) @access

; --- markers -------------------------------------------------------------------------
(if_statement
  condition: (comparison_operator (identifier) @_name (string) @_main)
  (#eq? @_name "__name__")
  (#match? @_main "__main__")) @marker.main_guard
; ... also as one side of an `and`: `if sys.platform != "win32" and __name__ == "__main__":`
(if_statement
  condition: (boolean_operator
    [left: (comparison_operator (identifier) @_name (string) @_main)
     right: (comparison_operator (identifier) @_name (string) @_main)])
  (#eq? @_name "__name__")
  (#match? @_main "__main__")) @marker.main_guard
(global_statement (identifier) @marker.name) @marker.global_write

; --- summary -------------------------------------------------------------------------
(module . (expression_statement (string) @summary))

; --- registration by decorator: @group.command(), @app.route("/") ------------------
; The decorated function runs when the registering object dispatches to it.
(decorated_definition
  (decorator [(call function: (attribute object: (identifier) @marker.name))
              (attribute object: (identifier) @marker.name)])
  definition: (function_definition) @marker.registers)

; --- route handlers (see mapper/analyze/routes.py) ------------------------------------
; @app.get("/users/{id}") / @bp.route("/x", methods=[...]) def handler: the decorated
; function handles the path its decorator registers.
(decorated_definition
  (decorator (call arguments: (argument_list . (string))) @marker.handler)
  definition: (function_definition name: (identifier) @marker.name))
; path("users/<int:id>/", views.user_detail), app.add_url_rule("/x", view_func=index)
((call
   function: [(identifier) @_register (attribute attribute: (identifier) @_register)]
   arguments: (argument_list . (string) . [(identifier) (attribute)] @marker.name)) @marker.handler
 (#match? @_register "^(path|re_path|url|add_route|add_api_route|add_websocket_route)$"))
((call
   function: (attribute attribute: (identifier) @_register)
   arguments: (argument_list
     (keyword_argument name: (identifier) @_key value: [(identifier) (attribute)] @marker.name))) @marker.handler
 (#match? @_register "^(add_url_rule|add_api_route|add_route)$")
 (#match? @_key "^(view_func|endpoint|handler)$"))
; werkzeug Rule("/x", endpoint="index"): the endpoint names the handler.
((call
   function: [(identifier) @_register (attribute attribute: (identifier) @_register)]
   arguments: (argument_list
     . (string)
     (keyword_argument name: (identifier) @_key value: [(string) (identifier) (attribute)] @marker.name))) @marker.handler
 (#eq? @_register "Rule")
 (#eq? @_key "endpoint"))
; methods=["GET", "POST"] on a registration
((call
   arguments: (argument_list
     (keyword_argument name: (identifier) @_key value: [(list) (tuple) (set)] @marker.name))) @marker.methods
 (#eq? @_key "methods"))
; bp = Blueprint("auth", __name__, url_prefix="/auth"), router = APIRouter(prefix="/v1"):
; routes registered on the variable in this file are under the prefix.
((assignment
   left: (identifier) @marker.name
   right: (call arguments: (argument_list (keyword_argument name: (identifier) @_key value: (string))))) @marker.group
 (#match? @_key "^(url_prefix|prefix)$"))
((assignment
   right: (call arguments: (argument_list (keyword_argument name: (identifier) @_key value: (string) @marker.name)))) @marker.prefix
 (#match? @_key "^(url_prefix|prefix)$"))
; app.include_router(users.router, prefix="/users"), app.register_blueprint(bp,
; url_prefix="/auth"): the routes of the router passed are under the prefix.
((call
   function: (attribute attribute: (identifier) @_register)
   arguments: (argument_list
     . [(identifier) (attribute)] @marker.name
     (keyword_argument name: (identifier) @_key value: (string)))) @marker.mount
 (#match? @_register "^(include_router|register_blueprint)$")
 (#match? @_key "^(url_prefix|prefix)$"))
((call
   function: (attribute attribute: (identifier) @_register)
   arguments: (argument_list
     . [(identifier) (attribute)]
     (keyword_argument name: (identifier) @_key value: (string) @marker.name))) @marker.prefix
 (#match? @_register "^(include_router|register_blueprint)$")
 (#match? @_key "^(url_prefix|prefix)$"))

; --- CLI subcommands (see mapper/analyze/subcommands.py) -------------------------------
; @cli.command() / @app.command("name") / @cli.group(): the decorated function is a
; subcommand, named after it unless the decorator names it. An unnamed @click.command()
; on the framework module itself declares the program, not a subcommand.
(decorated_definition
  (decorator (call function: (attribute object: (_) @_group attribute: (identifier) @_verb)))
  definition: (function_definition name: (identifier) @marker.name)
  (#match? @_verb "^(command|group)$")
  (#not-match? @_group "^(click|typer|cloup|asyncclick|rich_click)$")) @marker.subcommand
; A name given to @click.command("run") is a command added to a group elsewhere (flask's
; `run`, `shell`), so named declarations count whatever object makes them.
(decorated_definition
  (decorator (call function: (attribute attribute: (identifier) @_verb)
                   arguments: (argument_list . (string) @marker.name)))
  (#match? @_verb "^(command|group)$")) @marker.subcommand_named
; argparse: subparsers.add_parser("add", ...)
((call function: (attribute attribute: (identifier) @_add)
       arguments: (argument_list . (string) @marker.name)) @marker.subcommand_named
 (#eq? @_add "add_parser"))

; --- Celery tasks (see mapper/languages/python/manifests.py) ---------------------------------
; @app.task, @app.task(bind=True), @shared_task, @shared_task(...)
(decorated_definition
  (decorator [(attribute attribute: (identifier) @_task)
              (call function: (attribute attribute: (identifier) @_task))
              (identifier) @_task
              (call function: (identifier) @_task)])
  definition: (function_definition name: (identifier) @marker.name)
  (#match? @_task "^(task|shared_task)$")) @marker.celery_task
