package org.incidentmapper.province;

import java.nio.file.Path;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.incidentmapper.web.BadParameterException;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.stereotype.Component;

/**
 * The command-line import: {@code java -jar incident-mapper.jar --mapper.import-boundaries=FILE
 * --mapper.boundary-name-field=NAME --mapper.boundary-code-field=CODE} (or {@code ./mapper import-boundaries}) imports
 * the file, prints what it did or what is wrong with the file, and exits (status 0, or 2 for a bad file) without
 * serving HTTP, so it also works while the app is running.
 */
@Component
public class BoundaryImportCommand {

    static final String FILE = "mapper.import-boundaries";
    private static final Log log = LogFactory.getLog(BoundaryImportCommand.class);

    private final BoundaryImporter importer;
    private final Environment env;
    private final ConfigurableApplicationContext context;

    BoundaryImportCommand(BoundaryImporter importer, Environment env, ConfigurableApplicationContext context) {
        this.importer = importer;
        this.env = env;
        this.context = context;
    }

    /** One step of the {@link org.incidentmapper.StartupSequence}. */
    public void run(ApplicationArguments args) {
        String file = env.getProperty(FILE, "");
        if (file.isBlank()) {
            return;
        }
        int status = 0;
        try {
            BoundaryImport how = new BoundaryImport(setting("name-field"), setting("code-field"),
                    setting("name-local-field"), setting("country-field"), setting("country"), setting("layer"),
                    Boolean.parseBoolean(setting("repair")), setting("set-name"));
            BoundaryImporter.Result result = importer.importFile(Path.of(file), how);
            System.out.println("Imported " + result.features() + " boundaries (" + result.boundarySet() + "), by country "
                    + result.countries() + "; incidents by province source " + result.incidents());
        } catch (BadParameterException e) {
            System.err.println("Boundary import failed (" + e.parameter() + "): " + e.getMessage());
            status = 2;
        } catch (RuntimeException e) {
            log.error("Boundary import failed", e);
            status = 1;
        }
        int exit = status;
        System.exit(SpringApplication.exit(context, () -> exit));
    }

    private String setting(String name) {
        return env.getProperty("mapper.boundary-" + name);
    }

    /** A command-line import serves no HTTP: the app may be running on the same port. */
    static class NoWebServer implements EnvironmentPostProcessor {
        @Override
        public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
            if (!env.getProperty(FILE, "").isBlank()) {
                env.getPropertySources().addFirst(new MapPropertySource("boundaryImportCommand",
                        Map.of("spring.main.web-application-type", "none")));
            }
        }
    }
}
