package dev.fleetinference.localstack.testing;

import java.util.Locale;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test class one running {@link TestStack}, started before its first test and stopped
 * after its last; tests receive it as a parameter (of a {@code @BeforeAll} method, say).
 * {@code -Dstack=embedded} (default) or {@code -Dstack=containers} chooses which.
 */
public final class StackExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(StackExtension.class);
    private static final String KEY = "stack";

    @Override
    public void beforeAll(ExtensionContext context) {
        // started here, not on first use, so that a missing Docker engine skips the class cleanly
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

    private static TestStack startStack() {
        String kind = System.getProperty("stack", "embedded").trim().toLowerCase(Locale.ROOT);
        return switch (kind) {
            case "", "embedded" -> new EmbeddedTestStack();
            case "containers" -> new ContainersTestStack();
            default -> throw new IllegalArgumentException("-Dstack must be 'embedded' or 'containers', got '" + kind + "'");
        };
    }
}
