package org.nftj.archtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.source.doctree.DocCommentTree;
import com.sun.source.doctree.LinkTree;
import com.sun.source.doctree.ReferenceTree;
import com.sun.source.doctree.SeeTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.DirectiveTree;
import com.sun.source.tree.ExportsTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModuleTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTreePath;
import com.sun.source.util.DocTreePathScanner;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The published javadoc links only what a reader can open: every {@code {@link}},
 * {@code {@linkplain}} and {@code @see} in the comment of a published element (public or
 * protected, in a public type of a package its module exports, to anyone or to named modules)
 * names a published element too, never a package-private class or member, which javadoc prints
 * as bare code with nowhere to go (doclint does not report it). The references are resolved by
 * javac's own DocTrees, as javadoc resolves them.
 */
class PublishedJavadocTest {
    @ParameterizedTest
    @ValueSource(strings = {"org.nftj.api", "org.nftj.validation", "org.nftj.transport", "org.nftj.audit", "org.nftj.cli"})
    void publishedCommentsLinkOnlyPublishedElements(String module) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Set<String> exported = exported(javac);
        Path sources = Path.of("../" + module.substring("org.nftj.".length()) + "/src/main/java");
        List<Path> files;
        try (Stream<Path> s = Files.walk(sources)) {
            files = s.filter(p -> p.toString().endsWith(".java") && !p.endsWith("module-info.java")).sorted().toList();
        }
        assertTrue(files.size() > 3, "sources of " + module + " found in " + sources.toAbsolutePath());

        StringWriter diagnostics = new StringWriter();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, null)) {
            JavacTask task = (JavacTask) javac.getTask(diagnostics, fm, d -> { }, List.of("-proc:none", "-classpath",
                    System.getProperty("java.class.path")), null, fm.getJavaFileObjectsFromPaths(files));
            Iterable<? extends CompilationUnitTree> units = task.parse();
            task.analyze();
            DocTrees trees = DocTrees.instance(task);
            List<String> broken = new ArrayList<>();
            for (CompilationUnitTree unit : units) {
                new TreePathScanner<Void, Void>() {
                    @Override
                    public Void visitClass(ClassTree t, Void v) {
                        check(getCurrentPath());
                        return super.visitClass(t, v);
                    }

                    @Override
                    public Void visitMethod(MethodTree t, Void v) {
                        check(getCurrentPath());
                        return null;
                    }

                    @Override
                    public Void visitVariable(VariableTree t, Void v) {
                        check(getCurrentPath());
                        return null;
                    }

                    void check(TreePath path) {
                        Element e = trees.getElement(path);
                        DocCommentTree comment = trees.getDocCommentTree(path);
                        if (e == null || comment == null || !published(e, exported)) return;
                        DocTreePath top = new DocTreePath(path, comment);
                        new DocTreePathScanner<Void, Void>() {
                            @Override
                            public Void visitReference(ReferenceTree r, Void v) {
                                DocTreePath at = getCurrentPath();
                                boolean link = at.getParentPath() != null && (at.getParentPath().getLeaf() instanceof LinkTree
                                        || at.getParentPath().getLeaf() instanceof SeeTree);
                                Element target = link ? trees.getElement(at) : null;
                                if (target != null && !published(target, exported)) {
                                    broken.add(where(e) + ": {@link " + r.getSignature() + "}");
                                }
                                return null;
                            }
                        }.scan(top, null);
                    }
                }.scan(unit, null);
            }
            assertEquals(List.of(), broken, "links from published javadoc to what it does not publish"
                    + " (say it in words or {@code …}, or link a published element)");
        }
    }

    static String where(Element e) {
        return e instanceof javax.lang.model.element.TypeElement t ? t.getQualifiedName().toString()
                : where(e.getEnclosingElement()) + "." + e;
    }

    /** The packages the modules export, to anyone or to named modules, read from their module-info.java. */
    static Set<String> exported(JavaCompiler javac) throws IOException {
        Set<String> exported = new TreeSet<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, null)) {
            for (String m : ModuleDescriptorsTest.MODULES) {
                Path info = Path.of("../" + m.substring("org.nftj.".length()) + "/src/main/java/module-info.java");
                JavacTask task = (JavacTask) javac.getTask(null, fm, d -> { }, List.of("-proc:none"), null,
                        fm.getJavaFileObjectsFromPaths(List.of(info)));
                for (CompilationUnitTree unit : task.parse()) {
                    if (!(unit.getModule() instanceof ModuleTree module)) continue;
                    for (DirectiveTree d : module.getDirectives()) {
                        if (d instanceof ExportsTree e) exported.add(e.getPackageName().toString());
                    }
                }
            }
        }
        assertTrue(exported.contains("org.nftj.api") && exported.contains("org.nftj.validation"), exported.toString());
        return exported;
    }

    /**
     * Whether javadoc publishes the element: it and every type around it public or protected (an
     * interface's and enum's members are implicitly so), in a package its module exports.
     */
    static boolean published(Element e, Set<String> exported) {
        for (Element at = e; at != null; at = at.getEnclosingElement()) {
            if (at instanceof PackageElement p) {
                String name = p.getQualifiedName().toString();
                return exported.contains(name) || !name.startsWith("org.nftj."); // the JDK's, a library's: their own javadoc
            }
            if (at.getKind() == ElementKind.PARAMETER || at.getKind() == ElementKind.TYPE_PARAMETER) continue;
            Set<Modifier> m = at.getModifiers();
            boolean implicit = at.getEnclosingElement() != null && (at.getEnclosingElement().getKind().isInterface()
                    || at.getKind() == ElementKind.ENUM_CONSTANT || at.getKind() == ElementKind.RECORD_COMPONENT)
                    && !m.contains(Modifier.PRIVATE);
            if (!m.contains(Modifier.PUBLIC) && !m.contains(Modifier.PROTECTED) && !implicit) return false;
        }
        return false;
    }
}
