package io.edrplaybook.jython.internal;

import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.ScriptSource;
import java.util.Objects;
import org.python.core.PyCode;

/**
 * A script the Jython runner compiled: its source, its module code (shared by every run; each run
 * executes it into fresh globals) and which entry points it defines.
 *
 * @param source the source
 * @param code the compiled module
 * @param hasTest whether it defines a top-level {@code test}
 */
record JythonCompiledScript(ScriptSource source, PyCode code, boolean hasTest) implements CompiledScript {

  JythonCompiledScript {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(code, "code");
  }

  @Override
  public String toString() {
    return "JythonCompiledScript[" + source.file() + "]";
  }
}
