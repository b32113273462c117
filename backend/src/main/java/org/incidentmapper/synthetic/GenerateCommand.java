package org.incidentmapper.synthetic;

import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.stereotype.Component;

/**
 * {@code ./mapper generate N} ({@code --mapper.generate=N}) adds N synthetic incidents, {@code ./mapper generate
 * --remove} ({@code --mapper.generate=remove}) deletes them all; then the process exits without serving HTTP, so it
 * works beside a running app, against the same data directory or datasource as {@code start}.
 */
@Component
public class GenerateCommand {

    static final String SETTING = "mapper.generate";
    private static final Log log = LogFactory.getLog(GenerateCommand.class);

    private final SyntheticIncidents synthetic;
    private final Environment env;
    private final ConfigurableApplicationContext context;

    GenerateCommand(SyntheticIncidents synthetic, Environment env, ConfigurableApplicationContext context) {
        this.synthetic = synthetic;
        this.env = env;
        this.context = context;
    }

    /** One step of the {@link org.incidentmapper.StartupSequence}. */
    public void run(ApplicationArguments args) {
        String what = env.getProperty(SETTING, "").strip();
        if (what.isEmpty()) {
            return;
        }
        int status = 0;
        long started = System.nanoTime();
        try {
            if (what.equals("remove")) {
                System.out.println("Removed " + synthetic.remove() + " synthetic incidents in " + seconds(started) + " s");
            } else {
                long n = parse(what);
                long written = synthetic.generate(n, total -> System.out.println(
                        "  " + total + " / " + n + " (" + seconds(started) + " s)"));
                System.out.println("Generated " + written + " synthetic incidents in " + seconds(started) + " s; "
                        + synthetic.count() + " synthetic in total (./mapper generate --remove deletes them)");
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            status = 2;
        } catch (RuntimeException e) {
            log.error("generate failed", e);
            status = 1;
        }
        int exit = status;
        System.exit(SpringApplication.exit(context, () -> exit));
    }

    private static long parse(String text) {
        try {
            long n = Long.parseLong(text.replace("_", ""));
            if (n >= 1 && n <= 20_000_000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the message
        }
        throw new IllegalArgumentException("usage: ./mapper generate N (1..20000000) | ./mapper generate --remove; got '"
                + text + "'");
    }

    private static String seconds(long started) {
        return String.format("%.1f", (System.nanoTime() - started) / 1e9);
    }

    /** A generate run serves no HTTP: the app may be running on the same port. */
    static class NoWebServer implements EnvironmentPostProcessor {
        @Override
        public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
            if (!env.getProperty(SETTING, "").isBlank()) {
                env.getPropertySources().addFirst(new MapPropertySource("generateCommand",
                        Map.of("spring.main.web-application-type", "none")));
            }
        }
    }
}
