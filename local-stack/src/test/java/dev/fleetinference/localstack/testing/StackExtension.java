package dev.fleetinference.localstack.testing;

import java.util.Locale;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test class one running {@link TestStack}, started before its first test and stopped
 * after its last; tests receive it as a parameter (of a {@code @BeforeAll} method, say).
 * {@code -Dstack=embedded} (default) or {@code -Dstack=containers} chooses which.
 */
public final class StackExtension implements ExecutionCondition, BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(StackExtension.class);
    private static final String KEY = "stack";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (kind().equals("containers") && !ContainersTestStack.dockerAvailable()) {
            return ConditionEvaluationResult.disabled("-Dstack=containers needs a Docker engine and none answers "
                    + "here; the embedded stack (the default) runs the same tests without one");
        }
        return ConditionEvaluationResult.enabled("stack: " + kind());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NAMESPACE).getOrComputeIfAbsent(KEY, key -> startStack(), TestStack.class);
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

    private static TestStack startStack() {
        String kind = kind();
        return switch (kind) {
            case "", "embedded" -> new EmbeddedTestStack();
            case "containers" -> new ContainersTestStack();
            default -> throw new IllegalArgumentException("-Dstack must be 'embedded' or 'containers', got '" + kind + "'");
        };
    }
}
