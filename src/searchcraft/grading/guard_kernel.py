"""Runs *inside* the learner's kernel: puts back the grader's state before every test cell.

Why: a test cell passes when running it raises no error, and the test runs in the same Python
process as the learner's answers. IPython lets that process change how later cells run: an input
transformer can turn every test into ``pass``; an AST transformer can drop the ``assert``; an
events callback, display hook or ``set_custom_exc`` handler can swallow the error; a replaced
builtin (``isinstance``, ``print``, ``__import__``) or a patched library function the test calls
can make a wrong answer look right; ``sys.settrace`` or a thread can watch the hidden test run.

:mod:`searchcraft.grading.execute` sends this file's source to the kernel before the first cell
(:func:`install`, with the modules the tests import, so they are loaded before any learner code),
then calls :func:`reset` before every test cell and :func:`scrub` after it. ``reset`` puts back
everything named above as it was before the learner's first cell, and reports what it had to put
back; ``scrub`` forgets the test's source (IPython's line cache, the last traceback) so a later
learner cell cannot read the hidden tests.

Limits: this runs in the learner's process, so it raises the bar rather than proving anything: a
learner who studies this file could still fake it. The grader's side adds what the kernel cannot
fake: a fresh random token that ``reset`` must echo, and a zero for any test cell whose reply or
outputs carry an error. Nothing here is imported by the grader (it is read as text).
"""

# No imports at module level: the source is executed in a fresh namespace inside the kernel.

# What ipykernel itself replaces for every request (input() forwarding): not the learner's doing.
KERNEL_PATCHED_BUILTINS = ("_", "__", "___", "input", "raw_input")
KERNEL_PATCHED_MODULES = ("__main__", "__mp_main__", "getpass", "builtins")


def install(test_imports):
    """Remember the pristine state (before any learner cell). Returns the guard's namespace."""
    import builtins
    import importlib
    import sys
    import threading
    import types

    for name in test_imports:  # load what the tests use before the learner can patch it
        try:
            importlib.import_module(name)
        except BaseException:
            pass
    from IPython import get_ipython  # the kernel's shell (this runs inside an IPython kernel)

    shell = get_ipython()
    kernel = getattr(shell, "kernel", None)
    manager = shell.input_transformer_manager
    watched_classes: set[type] = set()
    for obj in (shell, kernel, shell.displayhook, shell.display_pub, shell.display_formatter,
                shell.events, shell.compile, manager):
        if obj is not None:
            watched_classes.update(c for c in type(obj).__mro__ if c is not object)
    modules = {}
    wanted = set(test_imports)
    for name, module in list(sys.modules.items()):
        if isinstance(module, types.ModuleType):
            modules[name] = (module, dict(module.__dict__))
            if any(name == w or name.startswith(w + ".") for w in wanted):
                for value in list(module.__dict__.values()):
                    if isinstance(value, type) and getattr(value, "__module__", "") == name:
                        watched_classes.add(value)
    classes = {}
    for cls in watched_classes:
        try:
            classes[cls] = dict(cls.__dict__)
        except TypeError:
            pass
    instances = {}
    for obj in (shell, kernel, shell.displayhook, shell.display_pub):
        if obj is not None and hasattr(obj, "__dict__"):
            instances[id(obj)] = (obj, {k: v for k, v in vars(obj).items() if callable(v)})
    state = {
        "builtins": dict(builtins.__dict__),
        "cleanup": list(manager.cleanup_transforms), "line": list(manager.line_transforms),
        "token": list(manager.token_transformers), "post": list(shell.input_transformers_post),
        "ast": list(shell.ast_transformers),
        "events": {k: list(v) for k, v in shell.events.callbacks.items()},
        "custom": (shell.custom_exceptions, shell.CustomTB),
        "hooks": (sys.displayhook, sys.excepthook, sys.breakpointhook, sys.unraisablehook),
        "shell_parts": (shell.displayhook, shell.display_pub, shell.display_formatter,
                        shell.input_transformer_manager, shell.compile),
        "streams": (sys.stdout, sys.stderr, sys.stdin),
        "modules": modules, "classes": classes, "instances": instances,
        "threads": {t.ident for t in threading.enumerate()},
        "user_ns": dict(shell.user_ns),
        "shell": shell, "builtins_module": builtins, "sys": sys,
        "threading": threading,
    }
    return state


def reset(state, token):
    """Put the pristine state back and print ``token`` with what had to be put back."""
    sys = state["sys"]
    shell = state["shell"]
    builtins = state["builtins_module"]
    changed = []
    sys.settrace(None)
    sys.setprofile(None)
    state["threading"].settrace(None)
    state["threading"].setprofile(None)
    if sys.gettrace() is not None:
        changed.append("trace function")
    (shell.displayhook, shell.display_pub, shell.display_formatter,
     shell.input_transformer_manager, shell.compile) = state["shell_parts"]
    manager = shell.input_transformer_manager
    for attribute, key in (("cleanup_transforms", "cleanup"), ("line_transforms", "line"),
                           ("token_transformers", "token")):
        if list(getattr(manager, attribute)) != state[key]:
            changed.append("input transformers")
        setattr(manager, attribute, list(state[key]))
    if list(shell.input_transformers_post) != state["post"]:
        changed.append("input transformers")
    shell.input_transformers_post = list(state["post"])
    if list(shell.ast_transformers) != state["ast"]:
        changed.append("AST transformers")
    shell.ast_transformers = list(state["ast"])
    for event, callbacks in list(shell.events.callbacks.items()):
        if list(callbacks) != state["events"].get(event, []):
            changed.append("event callbacks")
    shell.events.callbacks.clear()
    shell.events.callbacks.update({k: list(v) for k, v in state["events"].items()})
    if (shell.custom_exceptions, shell.CustomTB) != state["custom"]:
        changed.append("custom exception handler")
    shell.custom_exceptions, shell.CustomTB = state["custom"]
    hooks = (sys.displayhook, sys.excepthook, sys.breakpointhook, sys.unraisablehook)
    if hooks != state["hooks"]:
        changed.append("sys hooks")
    sys.displayhook, sys.excepthook, sys.breakpointhook, sys.unraisablehook = state["hooks"]
    if (sys.stdout, sys.stderr, sys.stdin) != state["streams"]:
        changed.append("standard streams")
    sys.stdout, sys.stderr, sys.stdin = state["streams"]
    for name, value in state["builtins"].items():
        if name in KERNEL_PATCHED_BUILTINS:
            continue
        if builtins.__dict__.get(name, state) is not value:
            builtins.__dict__[name] = value
            changed.append(f"builtin {name}")
    namespace = shell.user_ns
    if namespace.get("__builtins__") is not builtins and \
            namespace.get("__builtins__") is not builtins.__dict__:
        namespace["__builtins__"] = builtins
        changed.append("__builtins__")
    for name in list(namespace):
        value = namespace[name]
        if name in state["builtins"] and not name.startswith("_") and callable(value) \
                and value is not state["builtins"][name] and value is not state["user_ns"].get(name):
            del namespace[name]  # a function or class hiding a builtin the tests rely on
            changed.append(f"name {name} hiding a builtin")
    import copy

    for name, (value, frozen) in state.get("setup", {}).items():
        current = namespace.get(name, state)
        if frozen is state:
            if current is not value:
                namespace[name] = value
                changed.append(f"setup value {name}")
            continue
        try:
            same = current is value and current == frozen
        except BaseException:
            same = False
        if not same:
            changed.append(f"setup value {name}")
        fresh = copy.deepcopy(frozen)
        namespace[name] = fresh
        state["setup"][name] = (fresh, frozen)
    for name, (module, saved) in state["modules"].items():
        if name in KERNEL_PATCHED_MODULES or module.__dict__ is namespace:
            continue
        if sys.modules.get(name) is not module:
            sys.modules[name] = module
            changed.append(f"module {name}")
        current = module.__dict__
        for key, value in saved.items():  # functions, classes and modules only, not data
            if current.get(key, saved) is not value and (callable(value) or type(value) is type(sys)):
                current[key] = value
                changed.append(f"{name}.{key}")
    for cls, saved in state["classes"].items():
        current = cls.__dict__
        for key, value in saved.items():
            if current.get(key, saved) is not value:
                try:
                    setattr(cls, key, value)
                    changed.append(f"{cls.__name__}.{key}")
                except (AttributeError, TypeError):
                    pass
        added = [k for k in current if k not in saved and callable(current[k])
                 and any(k in vars(base) for base in cls.__mro__[1:])]
        for key in added:  # a new method overriding a base class's one
            try:
                delattr(cls, key)
                changed.append(f"{cls.__name__}.{key}")
            except (AttributeError, TypeError):
                pass
    for obj, saved in state["instances"].values():
        for key in list(vars(obj)):
            value = vars(obj)[key]
            if callable(value) and saved.get(key, state) is not value:
                if key in saved:
                    vars(obj)[key] = saved[key]
                else:
                    del vars(obj)[key]
                changed.append(f"{type(obj).__name__}.{key}")
    threads = [t for t in state["threading"].enumerate()
               if t.ident not in state["threads"] and t.is_alive()]
    seen = []
    for item in changed:
        if item not in seen:
            seen.append(item)
    report = {"token": token, "changed": seen[:20], "threads": len(threads)}
    print("SEARCHCRAFT-GUARD", __import__("json").dumps(report), flush=True)


def remember(state, names):
    """After a read-only (setup) cell: remember the values it gave ``names``, as the tests expect."""
    import copy

    namespace = state["shell"].user_ns
    kept = state.setdefault("setup", {})
    for name in names:
        if name in namespace:
            value = namespace[name]
            try:
                frozen = copy.deepcopy(value)
            except BaseException:
                frozen = state  # cannot copy: keep the object itself
            kept[name] = (value, frozen)


def scrub(state):
    """Forget the source and frames of the test cell that just ran."""
    import linecache

    sys = state["sys"]
    shell = state["shell"]
    for name in [n for n in list(linecache.cache) if n not in state.get("lines", ())]:
        entry = linecache.cache.get(name)
        if entry and len(entry) > 1 and entry[1] is None:  # IPython's cell entries (never expire)
            del linecache.cache[name]
    shell.compile._filename_map.clear()
    for name in ("last_type", "last_value", "last_traceback", "last_exc"):
        if hasattr(sys, name):
            setattr(sys, name, None)
    shell.user_ns.pop("_exit_code", None)
