package dev.fleetinference.localstack.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real child JVM started as the demo, the benchmark and the crash test start the stream app. */
class ChildJvmTest {

    @TempDir
    Path dir;

    @Test
    void theChildRunsTheMainClassWithTheGivenVariablesAndNoneOfTheClearedOnesAndItsOutputIsAppended()
            throws Exception {
        Path log = dir.resolve("child.log");
        Files.writeString(log, "an earlier run\n");

        Process child = ChildJvm.onThisClassPath(List.of("-Xmx64m"), PrintsTwoVariables.class.getName(),
                Map.of("CHILD_JVM_TEST", "given"), "PATH", log).start();

        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isZero();
        assertThat(Files.readAllLines(log)).containsExactly("an earlier run", "CHILD_JVM_TEST=given", "PATH=null");
    }

    @Test
    void theLogTailIsTheLastLinesOrSaysWhyThereAreNone() throws Exception {
        Path log = Files.writeString(dir.resolve("app.log"), "one\ntwo\nthree\n");

        assertThat(ChildJvm.logTail(log, 2)).isEqualTo("two" + System.lineSeparator() + "three");
        assertThat(ChildJvm.logTail(log, 10)).startsWith("one");
        assertThat(ChildJvm.logTail(dir.resolve("missing.log"), 2)).startsWith("(cannot read ")
                .contains("missing.log");
    }

    /** The child: prints what it was given and whether a cleared variable reached it. */
    public static final class PrintsTwoVariables {

        public static void main(String[] args) {
            System.out.println("CHILD_JVM_TEST=" + System.getenv("CHILD_JVM_TEST"));
            System.out.println("PATH=" + System.getenv("PATH"));
        }
    }
}
