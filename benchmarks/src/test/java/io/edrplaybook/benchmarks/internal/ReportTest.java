package io.edrplaybook.benchmarks.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A measure's JVM gets the report's JVM options, except those that own a file or a port. */
class ReportTest {
  @Test
  void aMeasuresJvmGetsTheHeapAndPropertyOptions() {
    List<String> options = List.of("-Xmx2g", "-Dbench.e2e=jython", "-XX:+UseG1GC", "-Xlog:gc");
    assertEquals(options, Report.childOptions(options));
  }

  @Test
  void aMeasuresJvmRecordsNoFlightRecordingDebugsNothingAndLogsToNoFileOfTheReport() {
    List<String> options = List.of("-Xmx2g", "-XX:StartFlightRecording=filename=/tmp/r.jfr,settings=profile",
        "-agentlib:jdwp=transport=dt_socket,server=y,address=5005", "-Xrunjdwp:transport=dt_socket",
        "-Xlog:class+load:file=/tmp/cl.txt", "-Dbench.cpu=true");
    assertEquals(List.of("-Xmx2g", "-Dbench.cpu=true"), Report.childOptions(options));
  }
}
