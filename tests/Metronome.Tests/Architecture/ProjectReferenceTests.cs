using System.Xml.Linq;
using Metronome.Tests.Support;

namespace Metronome.Tests.Architecture;

/// <summary>
/// The projects depend one way, as docs/architecture.md's headings declare, and the package depends on
/// no package: the project files are read and compared with the page.
/// </summary>
public class ProjectReferenceTests
{
    [Fact]
    public void Given_the_source_projects_When_their_references_are_read_Then_each_references_exactly_what_the_page_declares()
    {
        var page = ArchitecturePage.Read();
        var projects = Directory.EnumerateFiles(Repository.Path("src"), "*.csproj", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetFileNameWithoutExtension(f)!, f => XDocument.Load(f), StringComparer.Ordinal);

        Assert.Equal(page.References.Keys.Order(), projects.Keys.Order());
        Assert.All(projects, p => Assert.Empty(Violations(p.Key, p.Value, page)));
    }

    [Fact]
    public void Given_a_planted_reference_from_the_package_to_the_tooling_When_checked_Then_it_is_reported()
    {
        var page = ArchitecturePage.Read();
        var planted = XDocument.Parse("""
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup><ProjectReference Include="../Metronome.Tooling/Metronome.Tooling.csproj" /></ItemGroup>
            </Project>
            """);

        Assert.Equal(["Metronome.Timing references Metronome.Tooling, which its heading does not name"], Violations("Metronome.Timing", planted, page));
    }

    [Fact]
    public void Given_a_planted_package_dependency_in_the_package_When_checked_Then_it_is_reported_and_a_build_only_analyser_is_not()
    {
        var page = ArchitecturePage.Read();
        var planted = XDocument.Parse("""
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup>
                <PackageReference Include="Microsoft.CodeAnalysis.PublicApiAnalyzers" PrivateAssets="all" />
                <PackageReference Include="prometheus-net" />
              </ItemGroup>
            </Project>
            """);

        Assert.Equal(["Metronome.Timing, the package, depends on the package prometheus-net"], Violations("Metronome.Timing", planted, page));
    }

    private static List<string> Violations(string name, XDocument project, ArchitecturePage page)
    {
        var violations = new List<string>();
        var declared = page.References[name];
        var referenced = project.Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(((string?)r.Attribute("Include") ?? "").Replace('\\', '/')))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var r in referenced.Where(r => !declared.Contains(r)).Order()) violations.Add($"{name} references {r}, which its heading does not name");
        foreach (var d in declared.Where(d => !referenced.Contains(d)).Order()) violations.Add($"{name} does not reference {d}, which its heading names");
        if (IsPackage(name, page))
            foreach (var p in project.Descendants("PackageReference").Where(p => !string.Equals((string?)p.Attribute("PrivateAssets"), "all", StringComparison.OrdinalIgnoreCase)))
                violations.Add($"{name}, the package, depends on the package {(string?)p.Attribute("Include")}");
        return violations;
    }

    /// <summary>The package is the project at the bottom: it references nothing.</summary>
    private static bool IsPackage(string name, ArchitecturePage page) => page.References[name].Count == 0;
}
