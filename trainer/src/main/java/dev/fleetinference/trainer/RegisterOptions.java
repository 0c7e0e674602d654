package dev.fleetinference.trainer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code register} subcommand's options, validated. The registry URL and write token may
 * also come from the environment, so that tokens stay out of shell history.
 *
 * @param registry   base URL of the model registry
 * @param token      bearer token for writes
 * @param name       the model's registered name
 * @param modelDir   the trainer's output directory (SavedModel, fleet-model.json, probe.json)
 * @param promote    move the new version to PRODUCTION once registered
 */
record RegisterOptions(boolean help, String registry, Optional<String> token, String name, Path modelDir,
                       boolean promote) {

    static final String REGISTRY_ENV = "FLEET_MODEL_REGISTRY_URL";
    static final String TOKEN_ENV = "FLEET_REGISTRY_TOKEN";

    static final String USAGE = """
            Usage: trainer register --registry URL --name NAME [--promote] DIR

            Zips the model directory DIR written by 'trainer train' (a SavedModel with fleet-model.json) and
            uploads it to the model registry as a new version of NAME; prints the version, its sha256 digest
            and size. With --promote, the new version becomes the PRODUCTION version (the previous one is
            archived), and every scoring instance switches to it.

            Options:
              --registry URL    the model registry's base URL (or %s)
              --name NAME       model name, [a-zA-Z0-9._-], e.g. anomaly
              --token TOKEN     bearer token for writes (or %s; prefer the environment)
              --promote         promote the new version to PRODUCTION
              -h, --help        print this help
            """.formatted(REGISTRY_ENV, TOKEN_ENV);

    private static final Set<String> WITH_VALUE = Set.of("--registry", "--name", "--token");

    /**
     * Parses the arguments, taking {@code --registry} and {@code --token} from {@code env} when not given.
     *
     * @throws UsageException naming the unknown, repeated, missing or invalid option
     */
    static RegisterOptions parse(List<String> args, Map<String, String> env) {
        if (args.contains("--help") || args.contains("-h")) {
            return new RegisterOptions(true, null, Optional.empty(), null, null, false);
        }
        Map<String, String> values = new HashMap<>();
        List<String> positional = new ArrayList<>();
        boolean promote = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (arg.equals("--promote")) {
                promote = true;
                continue;
            }
            if (!arg.startsWith("-")) {
                positional.add(arg);
                continue;
            }
            if (!WITH_VALUE.contains(name)) {
                throw new UsageException("unknown option '" + name + "'");
            }
            String value;
            if (arg.contains("=")) {
                value = arg.substring(arg.indexOf('=') + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new UsageException(name + " needs a value");
            }
            if (values.put(name, value) != null) {
                throw new UsageException(name + " is given more than once");
            }
        }
        if (positional.size() != 1) {
            throw new UsageException(positional.isEmpty()
                    ? "the model directory DIR is required (the --out of 'trainer train')"
                    : "only one model directory may be given, got " + positional);
        }
        String registry = Optional.ofNullable(values.get("--registry")).or(() -> Optional.ofNullable(env.get(REGISTRY_ENV)))
                .filter(v -> !v.isBlank())
                .orElseThrow(() -> new UsageException("--registry URL is required (or set " + REGISTRY_ENV + ")"));
        if (!registry.startsWith("http://") && !registry.startsWith("https://")) {
            throw new UsageException("--registry must be an http:// or https:// URL, was '" + registry + "'");
        }
        String name = Optional.ofNullable(values.get("--name")).filter(v -> !v.isBlank())
                .orElseThrow(() -> new UsageException("--name NAME is required"));
        if (!name.matches("[a-zA-Z0-9._-]{1,100}")) {
            throw new UsageException("--name must be 1-100 characters of [a-zA-Z0-9._-], was '" + name + "'");
        }
        Optional<String> token = Optional.ofNullable(values.get("--token")).or(() -> Optional.ofNullable(env.get(TOKEN_ENV)))
                .filter(v -> !v.isBlank());
        return new RegisterOptions(false, registry, token, name, Path.of(positional.get(0)), promote);
    }
}
