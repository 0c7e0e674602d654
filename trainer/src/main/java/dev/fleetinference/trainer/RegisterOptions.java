package dev.fleetinference.trainer;

import dev.fleetinference.settings.Command;
import dev.fleetinference.settings.Setting;
import dev.fleetinference.settings.Settings;
import dev.fleetinference.settings.Switch;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    private static final Setting REGISTRY = new Setting("--registry", REGISTRY_ENV, Optional.empty(),
            Optional.empty()).described("URL", "the model registry's base URL");
    private static final Setting NAME = Setting.flagOnly("--name")
            .described("NAME", "model name, [a-zA-Z0-9._-], e.g. anomaly");
    private static final Setting TOKEN = new Setting("--token", TOKEN_ENV, Optional.empty(), Optional.empty())
            .described("TOKEN", "bearer token for writes (prefer the environment)");
    private static final Switch PROMOTE = Switch.of("--promote", "promote the new version to PRODUCTION");

    static final Command COMMAND = Command.named("register")
            .synopsis("trainer register --registry URL --name NAME [--token TOKEN] [--promote] DIR")
            .description("""
                    Uploads a trained model directory to the model registry as a new version.
                    Zips the model directory DIR written by 'trainer train' (a SavedModel with fleet-model.json)
                    and uploads it as a new version of NAME; prints the version, its sha256 digest and size. With
                    --promote, the new version becomes the PRODUCTION version (the previous one is archived), and
                    every scoring instance switches to it.""")
            .settings(List.of(REGISTRY, NAME, TOKEN))
            .switches(PROMOTE)
            .parameters("DIR", "the model directory, the --out of 'trainer train'")
            .build();

    /**
     * Parses the arguments, taking {@code --registry} and {@code --token} from {@code env} when not given.
     *
     * @throws UsageException naming the unknown, repeated, missing or invalid option
     */
    static RegisterOptions parse(List<String> args, Map<String, String> env) {
        Settings settings = Subcommand.parse(COMMAND, args, env);
        if (settings.has("--help")) {
            return new RegisterOptions(true, null, Optional.empty(), null, null, false);
        }
        List<String> positional = settings.parameters();
        if (positional.size() != 1) {
            throw new UsageException(positional.isEmpty()
                    ? "the model directory DIR is required (the --out of 'trainer train')"
                    : "only one model directory may be given, got " + positional);
        }
        String registry = settings.given(REGISTRY)
                .orElseThrow(() -> new UsageException("--registry URL is required (or set " + REGISTRY_ENV + ")"));
        if (!registry.startsWith("http://") && !registry.startsWith("https://")) {
            throw new UsageException("--registry must be an http:// or https:// URL, was '" + registry + "'");
        }
        String name = settings.given(NAME).orElseThrow(() -> new UsageException("--name NAME is required"));
        if (!name.matches("[a-zA-Z0-9._-]{1,100}")) {
            throw new UsageException("--name must be 1-100 characters of [a-zA-Z0-9._-], was '" + name + "'");
        }
        return new RegisterOptions(false, registry, settings.given(TOKEN), name, Path.of(positional.get(0)),
                settings.has("--promote"));
    }
}
