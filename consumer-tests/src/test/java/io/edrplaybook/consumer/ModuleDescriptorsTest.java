package io.edrplaybook.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The library's descriptors export every public package and no internal one to all modules, and
 * declare the services that ServiceLoader finds on the module path.
 */
class ModuleDescriptorsTest {
  private static final Pattern LIBRARIES =
      Pattern.compile("edr-playbook-(api|core|jython|subprocess|testkit|postgres|micrometer)");
  /** Exported although internal: Jython calls methods only of classes in packages exported to all. */
  private static final Set<String> INTERNAL_BUT_EXPORTED = Set.of("io.edrplaybook.jython.internal.python");

  private static Map<String, ModuleReference> modules() {
    List<Path> paths = ModularHost.modulePath(LIBRARIES);
    Map<String, ModuleReference> out = new TreeMap<>();
    for (ModuleReference ref : ModuleFinder.of(paths.toArray(Path[]::new)).findAll()) {
      ModuleDescriptor d = ref.descriptor();
      assertTrue(!d.isAutomatic(), d.name() + " has no module-info (found at " + ref.location().orElse(null) + ")");
      out.put(d.name(), ref);
    }
    assertEquals(Set.of("io.edrplaybook.api", "io.edrplaybook.core", "io.edrplaybook.jython",
        "io.edrplaybook.subprocess", "io.edrplaybook.testkit", "io.edrplaybook.postgres",
        "io.edrplaybook.micrometer"), out.keySet());
    return out;
  }

  private static Map<String, ModuleDescriptor> descriptors() {
    Map<String, ModuleDescriptor> out = new TreeMap<>();
    modules().forEach((name, ref) -> out.put(name, ref.descriptor()));
    return out;
  }

  /** The packages that hold classes (a module's packages also count folders of resources only). */
  private static Set<String> classPackages(ModuleReference ref) throws IOException {
    try (ModuleReader reader = ref.open(); Stream<String> entries = reader.list()) {
      return entries.filter(e -> e.endsWith(".class") && e.contains("/") && !e.startsWith("META-INF/"))
          .map(e -> e.substring(0, e.lastIndexOf('/')).replace('/', '.'))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  @Test
  void everyPublicPackageIsExportedToAllAndNoInternalPackageIs() throws IOException {
    List<String> wrong = new ArrayList<>();
    for (ModuleReference ref : modules().values()) {
      ModuleDescriptor d = ref.descriptor();
      for (String pkg : classPackages(ref)) {
        boolean internal = pkg.contains(".internal") && !INTERNAL_BUT_EXPORTED.contains(pkg);
        boolean toAll = d.exports().stream().anyMatch(e -> e.source().equals(pkg) && !e.isQualified());
        if (internal == toAll) {
          wrong.add(d.name() + ": " + pkg + (internal ? " is internal but exported to all modules"
              : " is not exported (add it to module-info.java, or name it …internal…)"));
        }
      }
    }
    assertTrue(wrong.isEmpty(), String.join("\n", wrong));
  }

  @Test
  void theRunnersProvideAndCoreUsesTheRunnerService() {
    Map<String, ModuleDescriptor> d = descriptors();
    String service = "io.edrplaybook.spi.ScriptRunnerProvider";
    assertTrue(d.get("io.edrplaybook.core").uses().contains(service), "core does not declare uses " + service);
    for (String runner : List.of("io.edrplaybook.jython", "io.edrplaybook.subprocess")) {
      assertTrue(d.get(runner).provides().stream().anyMatch(p -> p.service().equals(service)),
          runner + " does not provide " + service);
    }
  }
}
