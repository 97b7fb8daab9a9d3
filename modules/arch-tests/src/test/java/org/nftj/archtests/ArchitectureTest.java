package org.nftj.archtests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nftj.archtests.fixtures.GoodCitizen;

/**
 * Every rule holds for the shipped classes, and every rule fails on its planted violation (and
 * passes on a class that breaks nothing), so none of them can pass vacuously.
 */
class ArchitectureTest {
    private static JavaClasses shipped;
    private static JavaClasses fixtures;
    private static JavaClasses good;

    @BeforeAll
    static void importClasses() {
        shipped = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.nftj.api", "org.nftj.validation", "org.nftj.transport", "org.nftj.audit", "org.nftj.cli");
        fixtures = new ClassFileImporter().importPackages("org.nftj.archtests.fixtures");
        good = new ClassFileImporter().importClasses(GoodCitizen.class);
    }

    @Test
    void theShippedClassesAreTheOnesWeMeant() {
        assertTrue(shipped.contain("org.nftj.api.Gate"));
        assertTrue(shipped.contain("org.nftj.transport.HelperConnection"));
        assertTrue(shipped.contain("org.nftj.validation.Validator"));
        assertFalse(shipped.contain("org.nftj.archtests.fixtures.SneakyTransportUser"), "fixtures are not shipped");
        assertTrue(shipped.size() > 40, "imported only " + shipped.size() + " classes");
    }

    @Test
    void onlyTheGateReachesTransport() {
        NftjRules.ONLY_THE_GATE_REACHES_TRANSPORT.check(shipped);
        // the gate really does use it: otherwise the rule would say nothing
        assertTrue(shipped.get("org.nftj.api.Gate").getDirectDependenciesFromSelf().stream()
                .anyMatch(d -> d.getTargetClass().getPackageName().equals("org.nftj.transport")));
        failsOn(NftjRules.ONLY_THE_GATE_REACHES_TRANSPORT, "SneakyTransportUser");
    }

    @Test
    void noReflection() {
        NftjRules.NO_REFLECTION.check(shipped);
        EvaluationResult r = failsOn(NftjRules.NO_REFLECTION, "ReflectiveLoader");
        String report = r.getFailureReport().toString();
        for (String what : List.of("forName", "setAccessible", "lookup")) assertTrue(report.contains(what), what + " in " + report);
    }

    @Test
    void noProcessesOutsideTransport() {
        NftjRules.NO_PROCESSES_OUTSIDE_TRANSPORT.check(shipped);
        EvaluationResult r = failsOn(NftjRules.NO_PROCESSES_OUTSIDE_TRANSPORT, "ProcessStarter");
        assertTrue(r.getFailureReport().toString().contains("Runtime.exec"), r.getFailureReport().toString());
        assertTrue(NftjRules.PROCESS_ALLOWLIST.size() <= 1, "the allowlist stays at one documented entry");
    }

    @Test
    void exitOnlyInMain() {
        NftjRules.EXIT_ONLY_IN_MAIN.check(shipped);
        EvaluationResult r = failsOn(NftjRules.EXIT_ONLY_IN_MAIN, "Quitter.giveUp");
        assertFalse(r.getFailureReport().toString().contains("Quitter.main"), "exit in main is allowed");
    }

    @Test
    void onlyTheValidatorMintsBatches() {
        NftjRules.ONLY_THE_VALIDATOR_MINTS.check(shipped);
        EvaluationResult r = NftjRules.ONLY_THE_VALIDATOR_MINTS.evaluate(
                new ClassFileImporter().importClasses(org.nftj.validation.ForgedBatch.class));
        assertTrue(r.hasViolation(), "the forged batch was not caught");
        assertTrue(r.getFailureReport().toString().contains("ForgedBatch.forge()"), r.getFailureReport().toString());
        assertTrue(r.getFailureReport().toString().contains("ForgedBatch.forgeNft()"), r.getFailureReport().toString());
        assertFalse(NftjRules.ONLY_THE_VALIDATOR_MINTS.evaluate(good).hasViolation());
    }

    @Test
    void noPackageCycles() {
        NftjRules.NO_PACKAGE_CYCLES.check(shipped);
        failsOn(NftjRules.NO_PACKAGE_CYCLES, "cycle");
    }

    private static EvaluationResult failsOn(ArchRule rule, String culprit) {
        EvaluationResult r = rule.evaluate(fixtures);
        assertTrue(r.hasViolation(), "the planted violation was not caught: " + rule.getDescription());
        assertTrue(r.getFailureReport().toString().contains(culprit), r.getFailureReport().toString());
        assertFalse(rule.evaluate(good).hasViolation(), "the rule fails on a class that breaks nothing");
        return r;
    }
}
