package dev.fleetinference.streamapp;

import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code stream-app} command: runs one instance of the scoring pipeline until SIGTERM or Ctrl-C. */
public final class StreamAppMain {

    private static final Logger log = LoggerFactory.getLogger(StreamAppMain.class);

    private StreamAppMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Optional<StreamAppConfig> config;
        try {
            config = StreamAppOptions.parse(List.of(args), System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("stream-app: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (config.isEmpty()) {
            System.out.print(StreamAppOptions.USAGE);
            return;
        }
        System.exit(run(config.get()));
    }

    private static int run(StreamAppConfig config) throws InterruptedException {
        StreamApp app;
        try {
            app = StreamApp.create(config);
        } catch (RuntimeException e) {
            // the message says what is wrong; the trace only at debug
            log.debug("cannot start", e);
            System.err.println("stream-app: cannot start: " + e.getMessage());
            return 1;
        }
        Thread hook = new Thread(app::close, "stream-app-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            if (!app.awaitModelAndStart()) {
                return 0;
            }
        } catch (RuntimeException e) {
            // the HTTP server's threads would keep a half-started app alive, and live, for ever
            log.error("cannot start Kafka Streams: {}", e.getMessage(), e);
            app.close();
            return 1;
        }
        app.awaitStop();
        Optional<String> failure = app.failure();
        if (failure.isPresent()) {
            log.error("{}; exiting so that the instance is restarted", failure.get());
            app.close();
            return 1;
        }
        return 0;
    }
}
