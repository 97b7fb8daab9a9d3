package org.nftj.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * What JPMS cannot say about the command: Capabilities is the ONE class that starts processes
 * (setcap/getcap; everything else is Java file-system calls), and only Main may end the JVM (the
 * tool runs in-process as a ToolProvider). Each rule is shown to fail on a planted violation.
 */
class CliArchitectureTest {
    static final JavaClasses CLI = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.nftj.cli");
    static final JavaClasses PLANTED = new ClassFileImporter().importPackages("org.nftj.cli.planted");

    static final ArchRule ONLY_CAPABILITIES_STARTS_PROCESSES = noClasses()
            .that().doNotHaveFullyQualifiedName(Capabilities.class.getName())
            .should().accessClassesThat().belongToAnyOf(ProcessBuilder.class, Runtime.class)
            .because("Capabilities is the one documented exception to 'no processes outside org.nftj.transport'");

    static final ArchRule ONLY_MAIN_EXITS = noClasses()
            .that().doNotHaveFullyQualifiedName(Main.class.getName())
            .should().callMethod(System.class, "exit", int.class)
            .because("nftj runs in-process as a ToolProvider: it returns its status");

    @Test
    void onlyCapabilitiesStartsProcesses() {
        ONLY_CAPABILITIES_STARTS_PROCESSES.check(CLI);
        assertFalse(ONLY_CAPABILITIES_STARTS_PROCESSES.evaluate(PLANTED).getFailureReport().isEmpty());
        assertTrue(ONLY_CAPABILITIES_STARTS_PROCESSES.evaluate(PLANTED).getFailureReport().toString().contains("PlantedSpawner"));
    }

    @Test
    void onlyMainExits() {
        ONLY_MAIN_EXITS.check(CLI);
        assertFalse(ONLY_MAIN_EXITS.evaluate(PLANTED).getFailureReport().isEmpty());
    }
}
