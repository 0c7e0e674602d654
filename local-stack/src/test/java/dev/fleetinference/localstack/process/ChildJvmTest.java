package dev.fleetinference.localstack.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real child JVM started as the broker and every stream-app child are. */
class ChildJvmTest {

    @TempDir
    Path dir;

    @Test
    void theChildRunsTheMainClassWithTheGivenVariablesAndNoneOfThisJvmsAndItsOutputIsAppended()
            throws Exception {
        Path log = dir.resolve("child.log");
        Files.writeString(log, "an earlier run\n");

        Process child = ChildJvm.onThisClassPath(PrintsTwoVariables.class.getName())
                .withJvmOptions(List.of("-Xmx64m"))
                .withEnvironment(Map.of("CHILD_JVM_TEST", "given"))
                .start(log);

        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isZero();
        assertThat(Files.readAllLines(log)).containsExactly("an earlier run", "CHILD_JVM_TEST=given", "PATH=null");
    }

    @Test
    void theChildGetsItsArgumentsAndRunsInItsDirectoryWithThisJvmsVariablesByDefault() throws Exception {
        Path workDir = Files.createDirectories(dir.resolve("work"));
        Path log = dir.resolve("logs").resolve("child.log");

        Process child = ChildJvm.onThisClassPath(PrintsArgumentsAndDirectory.class.getName())
                .withArguments(List.of("one", "two words"))
                .inDirectory(workDir)
                .start(log);

        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readAllLines(log)).containsExactly("args=[one, two words]",
                "dir=" + workDir.toRealPath(), "PATH=" + System.getenv("PATH"));
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

    /** The child: prints its arguments, its working directory and a variable it inherits. */
    public static final class PrintsArgumentsAndDirectory {

        public static void main(String[] args) throws IOException {
            System.out.println("args=" + Arrays.toString(args));
            System.out.println("dir=" + Path.of("").toRealPath());
            System.out.println("PATH=" + System.getenv("PATH"));
        }
    }
}
