package dev.fleetinference.trainer;

import dev.fleetinference.modelregistry.client.ModelRegistryClient;
import dev.fleetinference.modelregistry.client.ModelRegistryClientConfig;
import dev.fleetinference.modelregistry.client.ModelRegistryException;
import dev.fleetinference.schemas.ModelStage;
import dev.fleetinference.schemas.ModelVersion;
import dev.fleetinference.settings.Command;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/** {@code trainer register}: uploads a trained model directory to the model registry, optionally promoting it. */
final class RegisterCommand implements Subcommand {

    private final Map<String, String> env;

    RegisterCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Command command() {
        return RegisterOptions.COMMAND;
    }

    @Override
    public int run(List<String> args, PrintStream out) {
        RegisterOptions options = RegisterOptions.parse(args, env);
        if (options.help()) {
            out.print(RegisterOptions.COMMAND.usage());
            return TrainerMain.OK;
        }
        if (!Files.isRegularFile(options.modelDir().resolve(ModelMetadata.FILE_NAME))) {
            throw new UsageException(options.modelDir() + " has no " + ModelMetadata.FILE_NAME
                    + "; give the directory that 'trainer train --out' wrote");
        }
        ModelRegistryClientConfig config = ModelRegistryClientConfig.of(options.registry());
        ModelRegistryClient registry = new ModelRegistryClient(
                options.token().map(config::withToken).orElse(config));
        try {
            ModelVersion registered = registry.register(options.name(), options.modelDir());
            out.printf("Registered %s version %d (sha256 %s, %d bytes) at %s%n", registered.getName(),
                    registered.getVersion(), registered.getDigest(), registered.getSizeBytes(), options.registry());
            if (options.promote()) {
                ModelVersion promoted = registry.setStage(options.name(), registered.getVersion(), ModelStage.PRODUCTION);
                out.printf("Promoted %s version %d to %s%n", promoted.getName(), promoted.getVersion(),
                        promoted.getStage());
            }
            return TrainerMain.OK;
        } catch (ModelRegistryException e) {
            throw new CommandFailedException("the model registry at " + options.registry() + " answered: "
                    + e.getMessage(), e);
        }
    }
}
