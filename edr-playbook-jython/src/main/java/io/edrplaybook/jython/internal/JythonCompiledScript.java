package io.edrplaybook.jython.internal;

import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.ScriptSource;
import java.util.Objects;
import org.python.core.Py;
import org.python.core.PyCode;
import org.python.core.PyObject;

/**
 * A script the Jython runner compiled: its source, its module code (shared by every run; each run
 * executes it into fresh globals) and which entry points it defines.
 *
 * @param source the source
 * @param code the compiled module
 * @param hasTest whether it defines a top-level {@code test}
 * @param fileName the file name as the {@code __file__} every run gets
 */
record JythonCompiledScript(ScriptSource source, PyCode code, boolean hasTest, PyObject fileName)
    implements CompiledScript {

  JythonCompiledScript {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(fileName, "fileName");
  }

  JythonCompiledScript(ScriptSource source, PyCode code, boolean hasTest) {
    this(source, code, hasTest, Py.newUnicode(source.file()));
  }

  @Override
  public String toString() {
    return "JythonCompiledScript[" + source.file() + "]";
  }
}
