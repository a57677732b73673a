package io.edrplaybook.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What a Maven Central release needs is in the poms: the parent's metadata, a description per
 * module, the demos and tests not deployed, and the api without a logging dependency.
 */
class ReleaseMetadataTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final List<String> NOT_DEPLOYED = List.of("samples", "benchmarks", "consumer-tests");

  private static String pom(String module) throws IOException {
    Path p = module.isEmpty() ? ROOT.resolve("pom.xml") : ROOT.resolve(module).resolve("pom.xml");
    return Files.readString(p).replaceAll("(?s)<!--.*?-->", "");
  }

  private static List<String> modules() throws IOException {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(pom(""));
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void theParentAndTheBomCarryLicenseScmDevelopersAndUrl() throws IOException {
    for (String module : List.of("", "edr-playbook-bom")) {
      String pom = pom(module);
      for (String element : List.of("<url>https://", "<licenses>", "<license>", "<developers>", "<developer>",
          "<scm>", "<connection>scm:git:", "<description>")) {
        assertTrue(pom.contains(element) || element.equals("<scm>") && pom.contains("<scm "),
            (module.isEmpty() ? "the parent pom" : module) + " lacks " + element);
      }
    }
  }

  @Test
  void everyModuleHasItsOwnDescription() throws IOException {
    for (String module : modules()) {
      assertTrue(pom(module).contains("<description>"), module + "/pom.xml has no <description>");
    }
  }

  @Test
  void onlyLibraryModulesAreDeployed() throws IOException {
    for (String module : modules()) {
      boolean skipped = pom(module).contains("<maven.deploy.skip>true</maven.deploy.skip>");
      assertEquals(NOT_DEPLOYED.contains(module), skipped,
          module + (skipped ? " is a library but is not deployed" : " is not a library but would be deployed"));
    }
  }

  @Test
  void theApiNeitherLogsNorDependsOnALoggingApi() throws IOException {
    assertFalse(pom("edr-playbook-api").contains("slf4j"), "edr-playbook-api/pom.xml depends on SLF4J");
    try (Stream<Path> files = Files.walk(ROOT.resolve("edr-playbook-api/src/main/java"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        assertFalse(Files.readString(f).contains("org.slf4j"), f + " uses SLF4J");
      }
    }
  }
}
