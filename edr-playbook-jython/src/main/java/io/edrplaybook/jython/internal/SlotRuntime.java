package io.edrplaybook.jython.internal;

import io.edrplaybook.jython.internal.python.SourceImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.python.core.Py;
import org.python.core.PyDictionary;
import org.python.core.PyJavaPackage;
import org.python.core.PyJavaType;
import org.python.core.PyList;
import org.python.core.PyModule;
import org.python.core.PyObject;
import org.python.core.PyStringMap;
import org.python.core.PySystemState;

/**
 * What a slot's {@code sys} and {@code os} look like to a run, and puts them back after it.
 *
 * <p>Before a run ({@link #enter}): {@code sys.argv} is {@code [__file__]}; the working directory
 * is the script's folder, or the runner's scratch directory for a script not on disk; the script's
 * folder is {@code sys.path[0]} ({@code pythonPath} follows, then the standard library, and a
 * {@link SourceImporter} on {@code sys.meta_path} loads the modules of the first two); modules this script imported from its own paths in an earlier run
 * on this slot are back in {@code sys.modules}.
 *
 * <p>After a run ({@link #leave}): {@code os.environ} holds the minimal environment again (the same
 * dict, rebound if the script rebound it), {@code sys.path}, {@code sys.meta_path},
 * {@code sys.path_hooks}, {@code sys.modules} and {@code sys.argv} are the slot's own again, and every module the run added to {@code sys.modules}
 * is removed unless it is shared: a standard-library module (its file lies under one of the slot's
 * standard-library path entries), a Java package or class. Removed modules that came from a file
 * (the script's folder, {@code pythonPath}, a path the script added) are kept aside for the next run
 * of the same script on this slot (unless one of their files changed since), so a script's helpers
 * are not imported again every run, and are never seen by another script's runs. Call both with
 * the tracer disarmed.
 */
final class SlotRuntime {
  /** Scripts whose own modules a slot keeps aside; beyond this the least recently run lose theirs. */
  private static final int STASHED_SCRIPTS = 64;

  private final PySystemState state;
  private final PyObject osModule;
  private final PyDictionary environ;
  private final Map<PyObject, PyObject> minimalEnvironment;
  private final PyList path;
  private final PyObject[] basePath;
  private final PyList metaPath;
  private final PyObject[] baseMetaPath;
  private final PyList pathHooks;
  private final PyObject[] basePathHooks;
  private final List<String> sharedRoots;
  private final PyObject modules;
  private final Map<String, PyObject> sharedModules = new HashMap<>();
  /** {@code sys.modules} as the last sorting left it, in iteration order; null before the first. */
  private Object[] leftKeys;
  private PyObject[] leftModules;
  private final AsLeftCheck check = new AsLeftCheck();
  private final String scratch;
  private final Map<JythonCompiledScript, Kept> stash =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<JythonCompiledScript, Kept> e) {
          return size() > STASHED_SCRIPTS;
        }
      };

  /** A script's own modules, kept aside, with the state of their files when they were. */
  private record Kept(Map<String, PyObject> modules, Map<String, String> stamps) {
    static Kept of(Map<String, PyObject> modules) {
      Map<String, String> stamps = new HashMap<>();
      modules.values().forEach(m -> stamps.computeIfAbsent(fileOf(m), Kept::stamp));
      return new Kept(modules, stamps);
    }

    /** Returns whether every module's file is as it was when they were kept. */
    boolean current() {
      for (Map.Entry<String, String> e : stamps.entrySet()) {
        if (!e.getValue().equals(stamp(e.getKey()))) {
          return false;
        }
      }
      return true;
    }

    private static String stamp(String file) {
      try {
        BasicFileAttributes a = Files.readAttributes(Path.of(file), BasicFileAttributes.class);
        return a.lastModifiedTime().toMillis() + ":" + a.size();
      } catch (IOException | InvalidPathException | UnsupportedOperationException e) {
        return "unreadable";
      }
    }
  }

  /**
   * Takes the slot's state as set up (standard library and {@code pythonPath} on {@code sys.path},
   * {@code os} imported): what is in {@code sys.modules} now is shared.
   */
  SlotRuntime(PySystemState state, List<String> pythonPath, Map<String, String> environment,
      String scratch) {
    this.state = state;
    this.scratch = scratch;
    this.path = state.path;
    this.modules = state.modules;
    this.basePath = state.path.getArray();
    List<String> roots = new ArrayList<>();
    for (PyObject entry : basePath) {
      String root = entry.toString();
      if (!root.isEmpty() && !pythonPath.contains(root)) {
        roots.add(root);
      }
    }
    this.sharedRoots = List.copyOf(roots);
    this.minimalEnvironment = new LinkedHashMap<>();
    environment.forEach((k, v) -> minimalEnvironment.put(Py.newStringOrUnicode(k), Py.newStringOrUnicode(v)));
    this.environ = new PyDictionary();
    environ.getMap().putAll(minimalEnvironment);
    this.osModule = ((PyStringMap) modules).__finditem__("os");
    if (osModule == null) {
      throw new IllegalStateException("the slot's os module is not loaded");
    }
    // the os module shares posix.environ, the host's whole environment, with every state
    osModule.__setattr__("environ", environ);
    ((PyStringMap) modules).getMap().forEach((k, v) -> sharedModules.put(k.toString(), v));
    state.meta_path.append(Py.java2py(new SourceImporter(state, this::isShared)));
    this.metaPath = state.meta_path;
    this.baseMetaPath = metaPath.getArray();
    this.pathHooks = state.path_hooks;
    this.basePathHooks = pathHooks.getArray();
  }

  /**
   * Makes {@code list} hold exactly {@code items} again; returns whether it had to. Reads the list
   * once ({@code PyList}'s accessors each take its lock).
   */
  private static boolean restore(PyList list, PyObject[] items) {
    PyObject[] now = list.getArray();
    boolean same = now.length == items.length;
    for (int i = 0; same && i < items.length; i++) {
      same = now[i] == items[i];
    }
    if (!same) {
      list.clear();
      for (PyObject item : items) {
        list.append(item);
      }
    }
    return !same;
  }

  /** Sets up {@code sys} for a run of {@code script}. */
  void enter(JythonCompiledScript script) {
    state.argv = new PyList(new PyObject[] {script.fileName()});
    String folder = script.folder();
    state.setCurrentWorkingDir(folder == null ? scratch : folder);
    if (folder != null) {
      path.insert(0, Py.newStringOrUnicode(folder));
    }
    Kept kept;
    synchronized (stash) {
      kept = stash.remove(script);
    }
    if (kept != null && kept.current()) { // a helper changed on disk is imported afresh
      PyStringMap live = (PyStringMap) modules;
      kept.modules().forEach((name, module) -> {
        if (live.__finditem__(name) == null) {
          live.__setitem__(name, module);
        }
      });
    }
  }

  /** Puts {@code sys} and {@code os} back after a run of {@code script}. */
  void leave(JythonCompiledScript script) {
    if (osModule.__findattr__("environ") != environ) {
      osModule.__setattr__("environ", environ);
    }
    Map<PyObject, PyObject> env = environ.getMap();
    if (!isMinimal(env)) {
      env.clear();
      env.putAll(minimalEnvironment);
    }
    state.path = path;
    restore(path, basePath);
    state.meta_path = metaPath;
    restore(metaPath, baseMetaPath);
    state.path_hooks = pathHooks;
    if (restore(pathHooks, basePathHooks)) {
      state.path_importer_cache.invoke("clear"); // it may hold importers the script's hooks made
    }
    state.modules = modules;
    if (!asLeft()) {
      Map<String, PyObject> own = sortModules();
      remember();
      if (!own.isEmpty()) {
        synchronized (stash) {
          stash.put(script, Kept.of(own));
        }
      }
    }
    state.argv = new PyList();
    state.setCurrentWorkingDir(scratch);
  }

  /**
   * Whether {@code env} holds the minimal environment's entries and no more: under each of its keys
   * the very value object it had (a script that set a variable, even to an equal value, has it put
   * back).
   */
  private boolean isMinimal(Map<PyObject, PyObject> env) {
    if (env.size() != minimalEnvironment.size()) {
      return false;
    }
    for (Map.Entry<PyObject, PyObject> e : minimalEnvironment.entrySet()) {
      if (env.get(e.getKey()) != e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code sys.modules} holds exactly the entries (the same key and module objects, in the
   * same order) it held after the last run was sorted: then there is nothing to sort, and no name is
   * hashed. Most runs import nothing new. Anything else, a reordering too, sorts.
   */
  private boolean asLeft() {
    if (leftKeys == null) {
      return false;
    }
    Map<Object, PyObject> live = ((PyStringMap) modules).getMap();
    if (live.size() != leftKeys.length) {
      return false;
    }
    check.at = 0;
    check.same = true;
    live.forEach(check); // no entry objects, unlike an iterator over a ConcurrentHashMap's entries
    return check.same && check.at == leftKeys.length;
  }

  /** Compares {@code sys.modules}, entry by entry in its order, with what it held when last sorted. */
  private final class AsLeftCheck implements BiConsumer<Object, PyObject> {
    int at;
    boolean same;

    @Override
    public void accept(Object key, PyObject module) {
      if (same && (at == leftKeys.length || key != leftKeys[at] || module != leftModules[at])) {
        same = false;
      }
      at++;
    }
  }

  /** Notes what {@code sys.modules} holds now, sorted, for {@link #asLeft}. */
  private void remember() {
    Map<Object, PyObject> live = ((PyStringMap) modules).getMap();
    List<Object> keys = new ArrayList<>(live.size() + 8);
    List<PyObject> values = new ArrayList<>(live.size() + 8);
    for (Map.Entry<Object, PyObject> e : live.entrySet()) {
      keys.add(e.getKey());
      values.add(e.getValue());
    }
    leftKeys = keys.toArray();
    leftModules = values.toArray(new PyObject[0]);
  }

  /**
   * Restores the shared modules, keeps new shared ones, removes the rest from {@code sys.modules}
   * and returns those that came from a file.
   */
  private Map<String, PyObject> sortModules() {
    Map<Object, PyObject> live = ((PyStringMap) modules).getMap();
    Map<String, PyObject> own = Map.of();
    for (Map.Entry<Object, PyObject> e : live.entrySet()) {
      String name = e.getKey().toString();
      PyObject module = e.getValue();
      PyObject shared = sharedModules.get(name);
      if (shared == module) {
        continue;
      }
      if (shared != null) {
        e.setValue(shared); // the script replaced a shared module
      } else if (isShared(name, module)) {
        sharedModules.put(name, module);
      } else {
        live.remove(e.getKey());
        if (module instanceof PyModule && fileOf(module) != null) {
          own = own.isEmpty() ? new HashMap<>() : own;
          own.put(name, module);
        }
      }
    }
    if (live.size() < sharedModules.size()) {
      sharedModules.forEach(live::putIfAbsent); // the script deleted a shared module
    }
    return own;
  }

  private boolean isShared(String name, PyObject module) {
    if (module instanceof PyJavaPackage || module instanceof PyJavaType) {
      return true;
    }
    if (!(module instanceof PyModule)) {
      return false; // None (a failed relative import), or an object a script put there
    }
    String file = fileOf(module);
    if (file == null) {
      return PySystemState.builtin_module_names.__contains__(Py.newString(name));
    }
    return isShared(file);
  }

  /** Returns whether {@code path} is, or lies under, one of the standard-library path entries. */
  boolean isShared(String path) {
    for (String root : sharedRoots) {
      if (path.startsWith(root) && (root.endsWith("/") || path.length() == root.length()
          || path.charAt(root.length()) == '/' || path.charAt(root.length()) == '\\')) {
        return true;
      }
    }
    return false;
  }

  /** Reads {@code __file__} from the module's dict: no Python code of a module subclass runs. */
  private static String fileOf(PyObject module) {
    PyObject dict = ((PyModule) module).__dict__;
    PyObject file = dict instanceof PyStringMap map ? map.__finditem__("__file__")
        : dict == null ? null : dict.__finditem__("__file__");
    return file == null || file == Py.None ? null : file.toString();
  }
}
