package org.nftj.archtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The module surface under review, as JUnit keeps its own: what {@code jar --describe-module} says
 * of each shipped module's jar, compared with a checked-in golden file (src/test/resources/golden,
 * the first line without version and location). A change to requires, exports, opens, uses,
 * provides or to the package list shows up as a diff of that file. Regenerate with
 * {@code -Dnftj.golden.update=true}.
 */
class ModuleDescriptorsTest {
    static final List<String> MODULES = List.of("org.nftj.api", "org.nftj.validation", "org.nftj.transport",
            "org.nftj.audit", "org.nftj.cli");

    @TempDir static Path work;

    /** The module's jar as the build made it, or (when the build stopped before packaging) one made of its classes. */
    static Path jar(String module) throws IOException {
        String folder = "modules/" + module.substring("org.nftj.".length()) + "/target/";
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!entry.replace('\\', '/').contains(folder)) continue;
            Path p = Path.of(entry);
            if (Files.isRegularFile(p)) return p;
            Path made = work.resolve(module + ".jar");
            if (!Files.exists(made)) tool("jar", "--create", "--file", made.toString(), "-C", p.toString(), ".");
            return made;
        }
        throw new IllegalStateException("no built module " + module + " on the class path (run Maven from the top folder)");
    }

    static String tool(String name, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = ToolProvider.findFirst(name).orElseThrow().run(new PrintWriter(out), new PrintWriter(err), args);
        if (status != 0) throw new IllegalStateException(name + " " + String.join(" ", args) + ": " + err);
        return out.toString();
    }

    /** {@code jar --describe-module}, its first line reduced to the module's name. */
    static String describe(String module) throws IOException {
        List<String> lines = tool("jar", "--describe-module", "--file", jar(module).toString()).strip().lines().toList();
        assertTrue(lines.getFirst().startsWith(module + "@") || lines.getFirst().startsWith(module + " "), lines.getFirst());
        return module + "\n" + lines.stream().skip(1).collect(Collectors.joining("\n")) + "\n";
    }

    static ModuleDescriptor descriptor(String module) throws IOException {
        return ModuleFinder.of(jar(module)).find(module).orElseThrow().descriptor();
    }

    @ParameterizedTest
    @ValueSource(strings = {"org.nftj.api", "org.nftj.validation", "org.nftj.transport", "org.nftj.audit", "org.nftj.cli"})
    void descriptorMatchesItsGoldenFile(String module) throws IOException {
        String actual = describe(module);
        Path golden = Path.of("src/test/resources/golden/" + module + ".txt");
        if (Boolean.getBoolean("nftj.golden.update")) Files.writeString(golden, actual);
        assertEquals(Files.readString(golden), actual, "module surface of " + module + " changed; review, then "
                + "regenerate with -Dnftj.golden.update=true");
    }

    @Test
    void everyPackageStartsWithItsModulesName() throws IOException {
        for (String m : MODULES) assertEquals(List.of(), NftjRules.packagesOutsideModuleName(descriptor(m)), m);
        ModuleDescriptor planted = ModuleDescriptor.newModule("org.nftj.fake")
                .packages(Set.of("org.nftj.fake", "org.nftj.fake.inner", "org.nftj.fakeish", "org.other")).build();
        assertEquals(List.of("org.nftj.fakeish", "org.other"), NftjRules.packagesOutsideModuleName(planted));
    }

    /** Who may read what: the surface the module descriptors promise, said once more as rules. */
    @Test
    void internalsAreExportedOnlyToNamedModules() throws IOException {
        for (String m : List.of("org.nftj.validation", "org.nftj.transport")) {
            descriptor(m).exports().forEach(e -> assertTrue(e.isQualified(), m + " exports " + e.source() + " to everyone"));
        }
        assertEquals(Set.of("org.nftj.api"), descriptor("org.nftj.transport").exports().iterator().next().targets(),
                "transport is for the gate's module only");
        assertEquals(Set.of("org.nftj.api", "org.nftj.transport"), descriptor("org.nftj.validation").exports().iterator().next().targets());
        Map<String, Set<String>> audit = descriptor("org.nftj.audit").exports().stream()
                .collect(Collectors.toMap(ModuleDescriptor.Exports::source, ModuleDescriptor.Exports::targets));
        assertEquals(Map.of("org.nftj.audit", Set.of(), "org.nftj.audit.internal", Set.of("org.nftj.api", "org.nftj.cli")), audit,
                "applications see the log, its records and events; the gate's auditor is the api's and the cli's");
        assertTrue(descriptor("org.nftj.api").exports().stream().noneMatch(ModuleDescriptor.Exports::isQualified));
        assertEquals(Set.of(), descriptor("org.nftj.cli").exports(), "the command is a service and a launcher, not a library");
        assertFalse(descriptor("org.nftj.api").requires().stream().anyMatch(r -> r.name().equals("org.nftj.validation")
                && r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE)),
                "the api does not hand validation to applications: Batch.validate() is its surface");
    }
}
