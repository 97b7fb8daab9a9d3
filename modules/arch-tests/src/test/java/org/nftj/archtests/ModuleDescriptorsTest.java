package org.nftj.archtests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The module surface under review: each shipped module's descriptor, read from the built jar (or
 * classes folder) the way {@code jar --describe-module} reads it, compared with a checked-in
 * golden file. A change to requires/exports/opens/uses/provides or to the package list shows up as
 * a diff of src/test/resources/golden. Regenerate with {@code -Dnftj.golden.update=true}.
 */
class ModuleDescriptorsTest {
    static final List<String> MODULES = List.of("org.nftj.api", "org.nftj.validation", "org.nftj.transport",
            "org.nftj.audit", "org.nftj.cli");

    static ModuleDescriptor descriptor(String module) {
        String folder = "modules/" + module.substring("org.nftj.".length()) + "/target/";
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!entry.replace('\\', '/').contains(folder)) continue;
            var found = ModuleFinder.of(Path.of(entry)).find(module);
            if (found.isPresent()) return found.get().descriptor();
        }
        throw new IllegalStateException("no built module " + module + " on the class path");
    }

    /** A stable text form: one directive per line, sorted within each group. */
    static String describe(ModuleDescriptor d) {
        List<String> lines = new ArrayList<>();
        lines.add("module " + d.name() + (d.isOpen() ? " (open)" : ""));
        d.requires().stream().map(r -> "requires " + r.name() + r.modifiers().stream().map(m -> " " + m.toString().toLowerCase())
                .sorted().collect(Collectors.joining())).sorted().forEach(lines::add);
        d.exports().stream().map(e -> "exports " + e.source() + (e.isQualified() ? " to " + String.join(", ",
                e.targets().stream().sorted().toList()) : "")).sorted().forEach(lines::add);
        d.opens().stream().map(o -> "opens " + o.source() + (o.isQualified() ? " to " + String.join(", ",
                o.targets().stream().sorted().toList()) : "")).sorted().forEach(lines::add);
        d.uses().stream().map(u -> "uses " + u).sorted().forEach(lines::add);
        d.provides().stream().map(p -> "provides " + p.service() + " with " + String.join(", ", p.providers())).sorted().forEach(lines::add);
        d.packages().stream().map(p -> "contains " + p).sorted().forEach(lines::add);
        return String.join("\n", lines) + "\n";
    }

    @ParameterizedTest
    @ValueSource(strings = {"org.nftj.api", "org.nftj.validation", "org.nftj.transport", "org.nftj.audit", "org.nftj.cli"})
    void descriptorMatchesItsGoldenFile(String module) throws IOException {
        String actual = describe(descriptor(module));
        Path golden = Path.of("src/test/resources/golden/" + module + ".txt");
        if (Boolean.getBoolean("nftj.golden.update")) Files.writeString(golden, actual);
        assertEquals(Files.readString(golden), actual, "module surface of " + module + " changed; review, then "
                + "regenerate with -Dnftj.golden.update=true");
    }

    @Test
    void everyPackageStartsWithItsModulesName() {
        for (String m : MODULES) assertEquals(List.of(), NftjRules.packagesOutsideModuleName(descriptor(m)), m);
        ModuleDescriptor planted = ModuleDescriptor.newModule("org.nftj.fake")
                .packages(Set.of("org.nftj.fake", "org.nftj.fake.inner", "org.nftj.fakeish", "org.other")).build();
        assertEquals(List.of("org.nftj.fakeish", "org.other"), NftjRules.packagesOutsideModuleName(planted));
    }

    @Test
    void internalsAreExportedOnlyToNamedModules() {
        for (String m : List.of("org.nftj.validation", "org.nftj.transport")) {
            descriptor(m).exports().forEach(e -> assertEquals(true, e.isQualified(), m + " exports " + e.source() + " to everyone"));
        }
        assertEquals(Set.of("org.nftj.api"), descriptor("org.nftj.transport").exports().iterator().next().targets(),
                "transport is for the gate's module only");
        assertEquals(Arrays.asList(true), List.of(descriptor("org.nftj.api").exports().stream().noneMatch(e -> e.isQualified())));
    }
}
