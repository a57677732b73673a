package io.edrplaybook.jython.internal.python;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.python.antlr.base.mod;
import org.python.core.CompileMode;
import org.python.core.CompilerFlags;
import org.python.core.ParserFacade;
import org.python.core.Py;
import org.python.core.PyCode;
import org.python.core.PyList;
import org.python.core.PyModule;
import org.python.core.PyObject;
import org.python.core.PySystemState;
import org.python.core.imp;

/**
 * A slot's {@code sys.meta_path} importer for the modules scripts bring along: those in the
 * script's folder and in {@code pythonPath} (plain directories before the first standard-library
 * entry of {@code sys.path}, and the packages under them). It compiles each source file once per
 * JVM, in memory, and keeps the code by path, modification time and size, so that no
 * {@code $py.class} file is written beside the source and a module that every run of every slot
 * imports afresh (nothing of a script's modules is shared between scripts) costs only the
 * execution of its body. Anything else (the standard library, jars, {@code $py.class} files
 * without source, Java packages) is left to Jython's own import. Public only because Jython calls
 * its methods by reflection; not API.
 */
public final class SourceImporter {
  private static final int CODE_CACHE_SIZE = 2048;
  private static final Map<CodeKey, PyCode> CODE = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<CodeKey, PyCode> eldest) {
      return size() > CODE_CACHE_SIZE;
    }
  };

  private final PySystemState state;
  private final Predicate<String> shared;
  private final PyObject self = Py.java2py(this);
  private final Map<String, Found> found = new ConcurrentHashMap<>();

  /**
   * @param state the slot's {@code sys}
   * @param shared whether a {@code sys.path} entry is (under) a standard-library entry
   */
  public SourceImporter(PySystemState state, Predicate<String> shared) {
    this.state = state;
    this.shared = shared;
  }

  /** Where a module's source is. */
  private record Found(Path file, Path packageDir) {}

  /** A compiled source file: the code stays valid while the file is unchanged. */
  private record CodeKey(String file, long modified, long size) {}

  /**
   * PEP 302: returns this importer if {@code fullname} is a module it loads, else None. {@code path}
   * is the package's {@code __path__} for a submodule, None for a top-level module.
   */
  public PyObject find_module(PyObject fullname, PyObject path) {
    String name = fullname.toString();
    String last = name.substring(name.lastIndexOf('.') + 1);
    PyObject entries = path == null || path == Py.None ? state.path : path;
    for (PyObject entry : entries.asIterable()) {
      String dir = entry.toString();
      if (dir.isEmpty() || shared.test(dir)) {
        return Py.None; // Jython's import keeps the standard library's place in the order
      }
      Path base;
      try {
        base = Path.of(dir);
      } catch (InvalidPathException notAPath) {
        return Py.None;
      }
      if (!Files.isDirectory(base)) {
        return Py.None; // a jar or a class path entry: Jython's import reads those
      }
      Path pkg = base.resolve(last);
      Path init = pkg.resolve("__init__.py");
      if (Files.isRegularFile(init)) {
        found.put(name, new Found(init, pkg));
        return self;
      }
      if (Files.isDirectory(pkg) && Files.isRegularFile(pkg.resolve("__init__$py.class"))) {
        return Py.None;
      }
      Path module = base.resolve(last + ".py");
      if (Files.isRegularFile(module)) {
        found.put(name, new Found(module, null));
        return self;
      }
      if (Files.isRegularFile(base.resolve(last + "$py.class"))) {
        return Py.None;
      }
    }
    return Py.None;
  }

  /** PEP 302: returns the module {@code fullname}, loading it from the source found for it. */
  public PyObject load_module(PyObject fullname) {
    String name = fullname.toString();
    PyObject loaded = state.modules.__finditem__(name);
    if (loaded != null) {
      return loaded;
    }
    Found where = found.remove(name);
    if (where == null) {
      throw Py.ImportError("No module named " + name);
    }
    PyCode code = code(where.file());
    PyModule module = imp.addModule(name);
    module.__setattr__("__loader__", self);
    if (where.packageDir() != null) {
      module.__setattr__("__path__", new PyList(new PyObject[] {Py.newStringOrUnicode(where.packageDir().toString())}));
    }
    return imp.createFromCode(name, code, where.file().toString());
  }

  /** Returns the compiled code of {@code file}, compiling it if it is new or changed. */
  private static PyCode code(Path file) {
    CodeKey key;
    byte[] source;
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      key = new CodeKey(file.toString(), attributes.lastModifiedTime().toMillis(), attributes.size());
      synchronized (CODE) {
        PyCode hit = CODE.get(key);
        if (hit != null) {
          return hit;
        }
      }
      source = Files.readAllBytes(file);
    } catch (IOException e) {
      throw Py.ImportError("Could not read " + file + ": " + e.getMessage());
    }
    CompilerFlags flags = new CompilerFlags();
    mod tree = ParserFacade.parse(new ByteArrayInputStream(source), CompileMode.exec, key.file(), flags);
    PyCode code = Py.compile_flags(tree, key.file(), CompileMode.exec, flags);
    synchronized (CODE) {
      CODE.put(key, code);
    }
    return code;
  }
}
