package org.nftj.archtests;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.lang.module.ModuleDescriptor;
import java.util.List;
import java.util.Set;

/**
 * The architecture rules JPMS cannot state (docs/architecture.md, "The Java modules"). Each is a
 * constant so that the tests run the very same rule object against the shipped classes (it must
 * pass) and against a planted violation in {@code fixtures} (it must fail): no rule can pass
 * vacuously.
 */
final class NftjRules {
    private NftjRules() {}

    /** The one class in org.nftj.api that may use the transport. */
    static final String GATE = "org.nftj.api.Gate";

    /**
     * The only class outside org.nftj.transport allowed to start processes, and why: the command's
     * {@code doctor}/{@code install} read and set the helper's file capability with libcap's
     * getcap/setcap (the security.capability xattr is out of Java's reach without native access).
     * It runs them by absolute path, with an empty environment and no shell. Keep this list at
     * one entry; a second one needs a reason of the same weight.
     */
    static final Set<String> PROCESS_ALLOWLIST = Set.of("org.nftj.cli.Capabilities");

    private static DescribedPredicate<JavaClass> gate() {
        return DescribedPredicate.describe("the gate " + GATE + " (or its nested classes)",
                c -> c.getName().equals(GATE) || c.getName().startsWith(GATE + "$"));
    }

    private static DescribedPredicate<JavaClass> processAllowlist() {
        return DescribedPredicate.describe("on the process allowlist " + PROCESS_ALLOWLIST,
                c -> PROCESS_ALLOWLIST.contains(c.getName()) || PROCESS_ALLOWLIST.stream().anyMatch(a -> c.getName().startsWith(a + "$")));
    }

    static final ArchRule ONLY_THE_GATE_REACHES_TRANSPORT = noClasses()
            .that(not(resideInAPackage("org.nftj.transport..")).and(not(gate())))
            .should().dependOnClassesThat(resideInAPackage("org.nftj.transport.."))
            .because("every request must pass the gate, which validates and audits it");

    private static DescribedPredicate<JavaAccess<?>> reflective() {
        return DescribedPredicate.describe("a reflective access (Class.forName, getDeclared*, setAccessible, "
                + "MethodHandles lookups)", a -> {
            String owner = a.getTargetOwner().getName();
            String name = a.getName();
            return (owner.equals("java.lang.Class") && (name.equals("forName") || name.startsWith("getDeclared")
                    || name.equals("getMethod") || name.equals("getField") || name.equals("newInstance")))
                    || ((owner.equals("java.lang.reflect.AccessibleObject") || owner.startsWith("java.lang.reflect."))
                    && (name.equals("setAccessible") || name.equals("trySetAccessible") || name.equals("invoke")))
                    || (owner.equals("java.lang.invoke.MethodHandles") && (name.equals("lookup")
                    || name.equals("privateLookupIn") || name.equals("publicLookup")));
        });
    }

    static final ArchRule NO_REFLECTION = noClasses()
            .should().accessTargetWhere(reflective())
            .because("reflection would bypass the module boundaries that make the gate the only way in");

    private static DescribedPredicate<JavaAccess<?>> spawnsProcesses() {
        return DescribedPredicate.describe("starting a process (ProcessBuilder, Runtime.exec)", a -> {
            String owner = a.getTargetOwner().getName();
            return owner.equals("java.lang.ProcessBuilder")
                    || (owner.equals("java.lang.Runtime") && a.getName().equals("exec"));
        });
    }

    static final ArchRule NO_PROCESSES_OUTSIDE_TRANSPORT = noClasses()
            .that(not(resideInAPackage("org.nftj.transport..")).and(not(processAllowlist())))
            .should().accessTargetWhere(spawnsProcesses())
            .because("only the transport starts processes: the helper (by absolute path, empty environment, no shell) "
                    + "and nft in a scratch namespace for the api's NftText (absolute paths, empty environment, a fixed script)");

    private static DescribedPredicate<JavaCodeUnit> mainMethod() {
        return DescribedPredicate.describe("a main method", u -> u.getName().equals("main") && u.isMethod()
                && u.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.STATIC));
    }

    private static DescribedPredicate<JavaAccess<?>> exits() {
        return DescribedPredicate.describe("System.exit, Runtime.exit or Runtime.halt", a -> {
            String owner = a.getTargetOwner().getName();
            return (owner.equals("java.lang.System") && a.getName().equals("exit"))
                    || (owner.equals("java.lang.Runtime") && (a.getName().equals("exit") || a.getName().equals("halt")));
        });
    }

    private static ArchCondition<JavaCodeUnit> notExit() {
        return new ArchCondition<>("not call " + exits().getDescription()) {
            @Override
            public void check(JavaCodeUnit unit, ConditionEvents events) {
                for (JavaAccess<?> a : unit.getAccessesFromSelf()) {
                    if (exits().test(a)) events.add(SimpleConditionEvent.violated(unit, a.getDescription()));
                }
            }
        };
    }

    static final ArchRule EXIT_ONLY_IN_MAIN = codeUnits()
            .that(not(mainMethod()))
            .should(notExit())
            .because("a library must never end its host JVM; only the command's main passes the exit status on");

    private static DescribedPredicate<JavaAccess<?>> mintsABatch() {
        return DescribedPredicate.describe("creating a ValidatedBatch (its constructor or a mint method)", a ->
                a.getTargetOwner().getName().equals("org.nftj.validation.ValidatedBatch")
                        && (a.getName().startsWith("mint") || a.getName().equals("<init>")));
    }

    /**
     * JPMS and package-private access already forbid it across modules; this also pins it inside the
     * module. The validators: Validator (nft batches) and SysctlValidator (sysctl requests).
     */
    static final ArchRule ONLY_THE_VALIDATOR_MINTS = noClasses()
            .that(not(DescribedPredicate.describe("a validator or the batch itself", (JavaClass c) ->
                    c.getName().equals("org.nftj.validation.Validator")
                            || c.getName().equals("org.nftj.validation.SysctlValidator")
                            || c.getName().equals("org.nftj.validation.ValidatedBatch"))))
            .should().accessTargetWhere(mintsABatch())
            .because("a ValidatedBatch must mean: validated");

    static final ArchRule NO_PACKAGE_CYCLES = slices().matching("org.nftj.(**)").should().beFreeOfCycles();

    /** Packages of a module that do not start with the module's name (empty when the module is right). */
    static List<String> packagesOutsideModuleName(ModuleDescriptor d) {
        return d.packages().stream().filter(p -> !p.equals(d.name()) && !p.startsWith(d.name() + ".")).sorted().toList();
    }
}
