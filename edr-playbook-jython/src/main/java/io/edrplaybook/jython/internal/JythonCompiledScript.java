package io.edrplaybook.jython.internal;

import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.ScriptSource;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;
import org.python.core.Py;
import org.python.core.PyCode;
import org.python.core.PyObject;

/**
 * A script the Jython runner compiled: its source, its module code (shared by every run; each run
 * executes it into fresh globals), which entry points it defines, and where it lives.
 *
 * @param source the source
 * @param code the compiled module
 * @param hasTest whether it defines a top-level {@code test}
 * @param fileName the file name as the {@code __file__} (and {@code sys.argv[0]}) every run gets
 * @param folder the script's folder, for a script whose file name is the absolute path of an
 *     existing file; null for a script not on disk (an inline script's pseudo path)
 * @param imports the absolute module names its syntax tree imports
 */
record JythonCompiledScript(ScriptSource source, PyCode code, boolean hasTest, PyObject fileName,
    String folder, java.util.List<String> imports) implements CompiledScript {

  JythonCompiledScript {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(fileName, "fileName");
    imports = java.util.List.copyOf(imports);
  }

  JythonCompiledScript(ScriptSource source, PyCode code, boolean hasTest) {
    this(source, code, hasTest, java.util.List.of());
  }

  JythonCompiledScript(ScriptSource source, PyCode code, boolean hasTest, java.util.List<String> imports) {
    this(source, code, hasTest, Py.newUnicode(source.file()), folderOf(source.file()), imports);
  }

  /** Returns the folder of {@code file} if it is the absolute path of an existing file, else null. */
  static String folderOf(String file) {
    try {
      Path p = Path.of(file);
      if (p.isAbsolute() && Files.isRegularFile(p)) {
        return p.getParent().toString();
      }
    } catch (InvalidPathException notAPath) {
      // a pseudo path such as <action/script>
    }
    return null;
  }

  @Override
  public String toString() {
    return "JythonCompiledScript[" + source.file() + "]";
  }
}
