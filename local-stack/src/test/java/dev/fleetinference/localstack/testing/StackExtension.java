package dev.fleetinference.localstack.testing;

import dev.fleetinference.localstack.kafka.Security;
import java.util.Locale;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Gives a test class one running {@link TestStack}, started before its first test and stopped
 * after its last; tests receive it as a parameter (of a {@code @BeforeAll} method, say).
 * {@code -Dstack=embedded} (default) or {@code -Dstack=containers} chooses which; {@code @WithStack(brokers = 3)}
 * asks for a three-broker cluster, which only the embedded stack has.
 */
public final class StackExtension implements ExecutionCondition, BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(StackExtension.class);
    private static final String KEY = "stack";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (kind().equals("containers") && brokers(context) > 1) {
            return ConditionEvaluationResult.disabled("@WithStack(brokers = " + brokers(context) + ") needs the "
                    + "embedded stack, whose brokers a test can stop and kill; -Dstack=containers runs one broker");
        }
        if (kind().equals("containers") && secured(context)) {
            return ConditionEvaluationResult.disabled("@WithStack(secured = true) needs the embedded stack, which "
                    + "makes its own CA and credentials; -Dstack=containers runs an open cluster");
        }
        if (kind().equals("containers") && !ContainersTestStack.dockerAvailable()) {
            return ConditionEvaluationResult.disabled("-Dstack=containers needs a Docker engine and none answers "
                    + "here; the embedded stack (the default) runs the same tests without one");
        }
        return ConditionEvaluationResult.enabled("stack: " + kind());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // a nested class finds its enclosing class's stack in the store and starts none
        context.getStore(NAMESPACE).getOrComputeIfAbsent(KEY, key -> startStack(brokers(context), secured(context)),
                TestStack.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NAMESPACE).get(KEY, TestStack.class);
    }

    private static String kind() {
        return System.getProperty("stack", "embedded").trim().toLowerCase(Locale.ROOT);
    }

    /** The brokers the test class asks for with {@code @WithStack}. */
    private static int brokers(ExtensionContext context) {
        int brokers = AnnotationSupport.findAnnotation(context.getTestClass(), WithStack.class)
                .map(WithStack::brokers).orElse(1);
        if (brokers != 1 && brokers != 3) {
            throw new IllegalArgumentException("@WithStack(brokers = " + brokers + "): a stack has 1 or 3 brokers");
        }
        return brokers;
    }

    /** Whether the test class asks for a secured cluster with {@code @WithStack(secured = true)}. */
    private static boolean secured(ExtensionContext context) {
        return AnnotationSupport.findAnnotation(context.getTestClass(), WithStack.class).map(WithStack::secured)
                .orElse(false);
    }

    private static TestStack startStack(int brokers, boolean secured) {
        String kind = kind();
        return switch (kind) {
            case "", "embedded" -> new EmbeddedTestStack(brokers, secured ? Security.SECURED : Security.INSECURE);
            case "containers" -> new ContainersTestStack();
            default -> throw new IllegalArgumentException("-Dstack must be 'embedded' or 'containers', got '" + kind + "'");
        };
    }
}
