package dev.fleetinference.devices;

import dev.fleetinference.devices.registry.DeviceRegistry;
import dev.fleetinference.devices.registry.Drift;
import dev.fleetinference.devices.registry.PipelineAccess;
import dev.fleetinference.devices.registry.Registration;
import dev.fleetinference.settings.Command;
import dev.fleetinference.settings.Settings;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/** The {@code devices} command: the operator's side of the device registry. */
public final class DevicesMain {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int BAD_USAGE = 2;

    private DevicesMain() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.getenv(), System.out, System.err));
    }

    /** Runs the command as {@code main} would and returns its exit status. */
    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        Command.Selection selection;
        try {
            selection = DevicesOptions.COMMAND.select(args, env);
        } catch (Command.Refused e) {
            return badUsage(err, e.getMessage(), e.command().equals(DevicesOptions.COMMAND.name()));
        }
        Settings settings = selection.settings();
        if (settings.has("--help")) {
            out.print(selection.usage());
            return OK;
        }
        Command command = selection.command();
        if (command == DevicesOptions.COMMAND) {
            return badUsage(err, "which command? (add, list, show, revoke, rotate, reconcile, pipeline-principal)", true);
        }
        List<String> ids = settings.parameters();
        boolean takesOne = command == DevicesOptions.SHOW || command == DevicesOptions.ROTATE;
        boolean takesSome = takesOne || command == DevicesOptions.ADD || command == DevicesOptions.REVOKE;
        if (takesSome && ids.isEmpty() || takesOne && ids.size() > 1 || !takesSome && !ids.isEmpty()) {
            return badUsage(err, command.name() + " takes " + (takesOne ? "one DEVICE_ID"
                    : takesSome ? "one or more DEVICE_IDs" : "no DEVICE_ID") + ", got " + ids, false);
        }
        DeviceRegistry registry;
        try {
            registry = new DeviceRegistry(DevicesOptions.config(settings), Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            return badUsage(err, e.getMessage(), false);
        } catch (RuntimeException e) {
            err.println("devices: cannot reach the registry: " + e.getMessage());
            return FAILED;
        }
        try (registry) {
            Optional<Path> propertiesDir = settings.value(DevicesOptions.WRITE_PROPERTIES).map(Path::of);
            return switch (command.name()) {
                case "add" -> handOut(registry.register(ids, settings.value(DevicesOptions.COHORT)), propertiesDir, out);
                case "rotate" -> handOut(List.of(registry.rotate(ids.get(0))), propertiesDir, out);
                case "revoke" -> {
                    ids.forEach(id -> out.println("revoked " + registry.revoke(id).id()));
                    yield OK;
                }
                case "show" -> registry.find(ids.get(0)).map(device -> {
                    out.println(describe(device));
                    return OK;
                }).orElseGet(() -> {
                    err.println("devices: device '" + ids.get(0) + "' is not registered");
                    return FAILED;
                });
                case "list" -> {
                    Map<String, Device> devices = registry.devices();
                    devices.values().forEach(device -> out.println(describe(device)));
                    out.println(devices.size() + " devices, "
                            + devices.values().stream().filter(Device::isActive).count() + " active");
                    yield OK;
                }
                case "reconcile" -> reconcile(registry.reconcile(settings.has("--repair")), out);
                case "pipeline-principal" -> pipeline(registry, settings, propertiesDir, out);
                default -> throw new IllegalStateException("no such command: " + command.name());
            };
        } catch (IllegalArgumentException e) {
            err.println("devices: " + e.getMessage());
            return FAILED;
        } catch (IOException | RuntimeException e) {
            err.println("devices: " + command.name() + " failed: " + e.getMessage());
            return FAILED;
        }
    }

    private static int handOut(List<Registration> registrations, Optional<Path> dir, PrintStream out)
            throws IOException {
        for (Registration registration : registrations) {
            String id = registration.device().id();
            if (!registration.created()) {
                out.println(id + ": registered already (since " + registration.device().registeredAt()
                        + "); nothing handed out: `devices rotate " + id + "` issues a new password and key");
                continue;
            }
            if (dir.isPresent()) {
                Path file = write(dir.get(), id, registration.clientSettings());
                out.println(id + ": registered; its client settings and secrets are in " + file);
            } else {
                out.println("# " + id + ": registered; hand these settings to the device, they are shown once");
                registration.clientSettings().forEach((key, value) -> out.println(key + "=" + value));
            }
        }
        return OK;
    }

    private static int pipeline(DeviceRegistry registry, Settings settings, Optional<Path> dir, PrintStream out)
            throws IOException {
        String user = settings.required(DevicesOptions.PIPELINE_USER);
        PipelineAccess access = DevicesOptions.pipelineAccess(settings);
        Map<String, String> client = registry.grantPipeline(user, access,
                settings.integer(DevicesOptions.EVENTS_PARTITIONS, 1, 10_000));
        if (!registry.secured()) {
            out.println("the cluster has no authorizer: no principal to make; the pipeline's topics exist");
            return OK;
        }
        out.println("User:" + user + " may:");
        access.bindings(user).forEach(acl -> out.println("  " + acl.entry().operation() + " on "
                + acl.pattern().patternType() + " " + acl.pattern().resourceType() + " " + acl.pattern().name()));
        Map<String, String> config = new TreeMap<>();
        client.forEach((key, value) -> config.put("kafka." + key, value));
        if (dir.isPresent()) {
            out.println("its settings (the stream app's --config format) are in " + write(dir.get(), user, config));
        } else {
            out.println("# its settings, in the stream app's --config format; shown once");
            config.forEach((key, value) -> out.println(key + "=" + value));
        }
        return OK;
    }

    private static Path write(Path dir, String id, Map<String, String> settings) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(id + ".properties");
        Files.deleteIfExists(file);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Properties properties = new Properties();
        properties.putAll(settings);
        try (Writer writer = Files.newBufferedWriter(file)) {
            properties.store(writer, "device " + id + " (fleet inference device registry): keep secret");
        }
        return file;
    }

    private static int reconcile(Drift drift, PrintStream out) {
        drift.findings().forEach(out::println);
        out.println(drift.none() ? "no drift" : drift.findings().size() + " findings, " + drift.repaired()
                + " repaired");
        return drift.findings().size() > drift.repaired() ? FAILED : OK;
    }

    private static String describe(Device device) {
        return device.id() + "  " + device.status() + "  cohort=" + device.cohort().orElse("-") + "  registered="
                + device.registeredAt() + "  updated=" + device.updatedAt();
    }

    private static int badUsage(PrintStream err, String message, boolean listCommands) {
        err.println("devices: " + message);
        if (listCommands) {
            err.print(DevicesOptions.COMMAND.usage());
        }
        return BAD_USAGE;
    }
}
