package io.edrplaybook.jython.internal;

import io.edrplaybook.api.ScriptValidationException;
import io.edrplaybook.spi.ScriptSource;
import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.python.antlr.ast.FunctionDef;
import org.python.antlr.ast.Module;
import org.python.antlr.base.mod;
import org.python.antlr.base.stmt;
import org.python.core.CompileMode;
import org.python.core.CompilerFlags;
import org.python.core.ParserFacade;
import org.python.core.Py;
import org.python.core.PyCode;
import org.python.core.PyException;
import org.python.core.PyObject;

/**
 * Parses and compiles scripts: finds {@code run} and {@code test} in the syntax tree (no module
 * code runs), turns syntax errors into {@link ScriptValidationException}s, and caches compiled
 * code by source (name, file and text).
 */
final class ScriptCompiler {
  private static final int CACHE_SIZE = 1024;

  private final java.util.Set<String> imports = new java.util.LinkedHashSet<>(); // guarded by cache
  private final Map<ScriptSource, JythonCompiledScript> cache =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ScriptSource, JythonCompiledScript> eldest) {
          return size() > CACHE_SIZE;
        }
      };

  /** Compiles {@code source}, or returns the cached compilation of an equal source. */
  JythonCompiledScript compile(ScriptSource source) {
    synchronized (cache) {
      JythonCompiledScript hit = cache.get(source);
      if (hit != null) {
        return hit;
      }
    }
    JythonRuntime.ensureInitialized();
    JythonCompiledScript compiled = compileNow(source);
    synchronized (cache) {
      cache.put(source, compiled);
      imports.addAll(compiled.imports());
    }
    return compiled;
  }

  /** Every module the scripts compiled so far import (warm-up and preload scripts included). */
  List<String> imports() {
    synchronized (cache) {
      return List.copyOf(imports);
    }
  }

  private static JythonCompiledScript compileNow(ScriptSource source) {
    byte[] bytes = source.bytes();
    CompilerFlags flags = new CompilerFlags();
    try {
      mod tree = ParserFacade.parse(new ByteArrayInputStream(bytes), CompileMode.exec, source.file(), flags);
      boolean hasRun = false;
      boolean hasTest = false;
      if (tree instanceof Module module) {
        for (stmt s : module.getInternalBody()) {
          if (s instanceof FunctionDef def) {
            hasRun |= "run".equals(def.getInternalName());
            hasTest |= "test".equals(def.getInternalName());
          }
        }
      }
      if (!hasRun) {
        throw new ScriptValidationException(source.file(), 0, 0, ScriptValidationException.NO_RUN_FUNCTION,
            "no top-level 'def run(ctx)': a script must define run(ctx) at module level");
      }
      PyCode code = Py.compile_flags(tree, source.file(), CompileMode.exec, flags);
      return new JythonCompiledScript(source, code, hasTest, ImportNames.of(tree));
    } catch (PyException e) {
      throw syntaxError(source, e);
    }
  }

  private static ScriptValidationException syntaxError(ScriptSource source, PyException e) {
    e.normalize();
    PyObject value = e.value;
    int line = intAttr(value, "lineno");
    int column = intAttr(value, "offset");
    String reason = textAttr(value, "msg", PyErrors.message(e));
    String type = refusalType(PyErrors.typeName(e), reason);
    if (reason.contains("expecting DEDENT")) {
      reason = "unexpected indent";  // as CPython says it; Jython's parser says "mismatched input ..."
    } else if (reason.contains("expecting INDENT")) {
      reason = "expected an indented block";
    }
    if (line == 0) {
      int nonAscii = firstNonAsciiLine(source.text());
      if (nonAscii > 0) {
        line = nonAscii;
        type = ScriptValidationException.ENCODING_ERROR;
        reason = reason + " (non-ASCII text needs a PEP 263 coding line such as"
            + " '# -*- coding: utf-8 -*-' at the top)";
      }
    }
    // Jython counts the column from 0, CPython from 1; report it as CPython does
    return new ScriptValidationException(source.file(), line, line > 0 ? column + 1 : 0, type, reason);
  }

  /** The type of a refused script, named as the cpython runner names it (its bootstrap's refusal_type). */
  static String refusalType(String pythonType, String message) {
    if ("SyntaxError".equals(pythonType) && (message.contains("encoding") || message.contains("codec")
        || message.contains("Non-ASCII") || message.contains("Non-UTF-8") || message.contains("unicode error"))) {
      return ScriptValidationException.ENCODING_ERROR;
    }
    if ("SyntaxError".equals(pythonType) && (message.contains("expecting INDENT")
        || message.contains("expecting DEDENT") || message.contains("unindent does not match"))) {
      return ScriptValidationException.INDENTATION_ERROR;  // Jython's parser raises these as SyntaxError
    }
    return switch (pythonType) {
      case "IndentationError" -> ScriptValidationException.INDENTATION_ERROR;
      case "TabError" -> ScriptValidationException.TAB_ERROR;
      default -> ScriptValidationException.SYNTAX_ERROR;
    };
  }

  private static int intAttr(PyObject value, String name) {
    try {
      PyObject v = value == null ? null : value.__findattr__(name);
      return v == null || v == Py.None ? 0 : v.asInt();
    } catch (PyException notAnInt) {
      return 0;
    }
  }

  private static String textAttr(PyObject value, String name, String fallback) {
    try {
      PyObject v = value == null ? null : value.__findattr__(name);
      return v == null || v == Py.None ? fallback : PyErrors.text(v);
    } catch (PyException unreadable) {
      return fallback;
    }
  }

  private static int firstNonAsciiLine(String text) {
    int line = 1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        line++;
      } else if (c > 127) {
        return line;
      }
    }
    return 0;
  }
}
