package io.edrplaybook.core.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edrplaybook.api.ScriptError;
import org.junit.jupiter.api.Test;

/** How an import check's failure is described: the file and line where module-level code failed. */
class ImportCheckTest {

  @Test
  void aFailureInTheScriptNamesTheScriptsLine() {
    ScriptError e = new ScriptError("ImportError", "No module named cortexutils",
        "Traceback (most recent call last):\n  File \"/opt/a/block.py\", line 3, in <module>\n"
            + "    import cortexutils\nImportError: No module named cortexutils\n", false);

    assertEquals("module-level code failed at /opt/a/block.py, line 3: ImportError: No module named cortexutils",
        ImportCheck.describe("/opt/a/block.py", e));
  }

  @Test
  void aFailureInAHelperNamesTheHelperAndTheScriptLineThatImportedIt() {
    ScriptError e = new ScriptError("ModuleNotFoundError", "No module named 'requests'",
        "Traceback (most recent call last):\n  File \"/opt/a/block.py\", line 2, in <module>\n"
            + "    from lib.client import Client\n  File \"/opt/a/lib/client.py\", line 7, in <module>\n"
            + "    import requests\nModuleNotFoundError: No module named 'requests'\n", false);

    assertEquals("module-level code failed at /opt/a/lib/client.py, line 7 (imported from /opt/a/block.py, line 2):"
        + " ModuleNotFoundError: No module named 'requests'", ImportCheck.describe("/opt/a/block.py", e));
  }

  @Test
  void aFailureWithoutATracebackNamesTheScript() {
    assertEquals("module-level code failed in /opt/a/block.py: TimeoutError: past the deadline",
        ImportCheck.describe("/opt/a/block.py", ScriptError.of("TimeoutError", "past the deadline")));
  }
}
