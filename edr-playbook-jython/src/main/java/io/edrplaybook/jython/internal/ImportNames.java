package io.edrplaybook.jython.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.python.antlr.PythonTree;
import org.python.antlr.Visitor;
import org.python.antlr.ast.Import;
import org.python.antlr.ast.ImportFrom;
import org.python.antlr.ast.alias;

/**
 * The absolute module names a script's syntax tree imports, anywhere in it (module level, inside
 * {@code try}, inside functions): what a slot may import ahead of the script's first run. Relative
 * imports are left out. Reads the tree; runs nothing.
 */
final class ImportNames extends Visitor {
  private final Set<String> names = new LinkedHashSet<>();

  private ImportNames() {}

  /** The modules {@code tree} imports, in the order they appear. */
  static List<String> of(PythonTree tree) {
    ImportNames v = new ImportNames();
    try {
      v.visit(tree);
    } catch (Exception e) {
      return List.copyOf(v.names); // what was found before the walk failed: preloading is best effort
    }
    return List.copyOf(v.names);
  }

  @Override
  public Object visitImport(Import node) throws Exception {
    for (alias a : node.getInternalNames()) {
      names.add(a.getInternalName());
    }
    return super.visitImport(node);
  }

  @Override
  public Object visitImportFrom(ImportFrom node) throws Exception {
    Integer level = node.getInternalLevel();
    String module = node.getInternalModule();
    if ((level == null || level == 0) && module != null && !module.isEmpty() && !"__future__".equals(module)) {
      names.add(module);
    }
    return super.visitImportFrom(node);
  }
}
