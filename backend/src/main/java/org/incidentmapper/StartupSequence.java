package org.incidentmapper;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.incidentmapper.gazetteer.GazetteerLoader;
import org.incidentmapper.incident.StreamWarmUp;
import org.incidentmapper.ingest.SampleDataLoader;
import org.incidentmapper.province.BoundaryImportCommand;
import org.incidentmapper.province.BoundaryLoader;
import org.incidentmapper.security.AccountBootstrap;
import org.incidentmapper.site.SiteDataLoader;
import org.incidentmapper.synthetic.GenerateCommand;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Everything the app does once at start-up, after the migrations, in this order and nowhere else:
 * <ol>
 * <li>the gazetteer (place names; boundary codes and sample data resolve against it),</li>
 * <li>a command-line boundary import, if one was asked for (it then exits),</li>
 * <li>a command-line generation or removal of synthetic incidents ({@code ./mapper generate}; it then exits),</li>
 * <li>the boundary set on first start (incidents get their provinces from it),</li>
 * <li>the sample incidents on first start,</li>
 * <li>the sample sites and relocations, once their files exist (they link sample incidents),</li>
 * <li>the first admin account, or a command-line account creation (which then exits),</li>
 * <li>the warm-up: every pooled connection loads PostGIS and the incident stream is compiled
 * ({@link StreamWarmUp}), so the first map request is as quick as the next.</li>
 * </ol>
 * The app logs that it is ready only after the last step.
 */
@Component
class StartupSequence implements ApplicationRunner {

    private static final Log log = LogFactory.getLog(StartupSequence.class);

    private final GazetteerLoader gazetteer;
    private final BoundaryImportCommand boundaryImportCommand;
    private final GenerateCommand generateCommand;
    private final BoundaryLoader boundaries;
    private final SampleDataLoader sampleData;
    private final SiteDataLoader sampleSites;
    private final AccountBootstrap accounts;
    private final StreamWarmUp warmUp;

    StartupSequence(GazetteerLoader gazetteer, BoundaryImportCommand boundaryImportCommand,
            GenerateCommand generateCommand, BoundaryLoader boundaries, SampleDataLoader sampleData,
            SiteDataLoader sampleSites, AccountBootstrap accounts, StreamWarmUp warmUp) {
        this.warmUp = warmUp;
        this.sampleSites = sampleSites;
        this.generateCommand = generateCommand;
        this.gazetteer = gazetteer;
        this.boundaryImportCommand = boundaryImportCommand;
        this.boundaries = boundaries;
        this.sampleData = sampleData;
        this.accounts = accounts;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        long started = System.nanoTime();
        gazetteer.run(args);
        boundaryImportCommand.run(args);
        generateCommand.run(args);
        boundaries.run(args);
        sampleData.run(args);
        sampleSites.run(args);
        accounts.run(args);
        warmUp.run();
        log.info("Ready: start-up loading finished in " + (System.nanoTime() - started) / 1_000_000 + " ms");
    }
}
