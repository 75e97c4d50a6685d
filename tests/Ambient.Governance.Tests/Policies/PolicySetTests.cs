using Ambient.Governance.Policies;
using Ambient.Governance.Tests.Support;

namespace Ambient.Governance.Tests.Policies;

/// <summary>Building a set: names unique across it, files loaded in name order, a version that follows the content.</summary>
public sealed class PolicySetTests
{
    private const string Alpha = "name: alpha\nrules:\n  - {name: r, decision: review}\n";
    private const string Beta = "name: beta\ndefault: deny\n";

    [Fact]
    public void Version_SameDocuments_SameVersion()
    {
        var first = TestPolicies.Set(Alpha, Beta);
        var second = TestPolicies.Set(Alpha, Beta);

        Assert.Equal(first.Version, second.Version);
        Assert.Matches("^[0-9a-f]{16}$", first.Version);
    }

    [Fact]
    public void Version_ChangesWithTextOrderOrMembership()
    {
        var original = TestPolicies.Set(Alpha, Beta).Version;

        var commented = TestPolicies.Set(Alpha + "# a comment counts too\n", Beta).Version;
        var reordered = TestPolicies.Set(Beta, Alpha).Version;
        var fewer = TestPolicies.Set(Alpha).Version;

        Assert.Equal(4, new[] { original, commented, reordered, fewer }.Distinct().Count());
    }

    [Fact]
    public void Version_DoesNotDependOnTheFileName()
    {
        var one = PolicySet.From([PolicyReader.Read("policies/a.yaml", Alpha)]);
        var other = PolicySet.From([PolicyReader.Read("elsewhere/alpha.yml", Alpha)]);

        Assert.Equal(one.Version, other.Version);
    }

    [Fact]
    public void Version_EmptySet_IsStable()
    {
        Assert.Equal(PolicySet.Empty.Version, PolicySet.From([]).Version);
        Assert.NotEqual(PolicySet.Empty.Version, TestPolicies.Set(Alpha).Version);
    }

    [Fact]
    public void From_DuplicateNames_ThrowsNamingBothFiles()
    {
        var first = PolicyReader.Read("policies/a.yaml", Alpha);
        var second = PolicyReader.Read("policies/b.yaml", "# team b\nname: alpha\n");

        var error = Assert.Throws<PolicyException>(() => PolicySet.From([first, second]));

        Assert.Equal("policies/b.yaml:2:7: name 'alpha' is already the name of the policy in policies/a.yaml", error.Message);
    }

    [Fact]
    public void Load_ReadsYamlAndYmlInFileNameOrder()
    {
        using var directory = new TemporaryDirectory();
        File.WriteAllText(directory.File("b-team.yaml"), Beta);
        File.WriteAllText(directory.File("a-team.yml"), Alpha);
        File.WriteAllText(directory.File("c-notes.txt"), "not a policy");
        Directory.CreateDirectory(directory.File("d-archive"));
        File.WriteAllText(Path.Combine(directory.File("d-archive"), "old.yaml"), "name: old\n");

        var set = PolicySet.Load(directory.Path);

        Assert.Equal(["alpha", "beta"], set.Documents.Select(document => document.Name));
        Assert.Equal(directory.File("a-team.yml"), set.Documents[0].SourceFile);
        Assert.Equal(TestPolicies.Set(Alpha, Beta).Version, set.Version);
    }

    [Fact]
    public void Load_EmptyDirectory_AllowsEverything()
    {
        using var directory = new TemporaryDirectory();

        var set = PolicySet.Load(directory.Path);

        Assert.Empty(set.Documents);
        Assert.Equal(PolicySet.Empty.Version, set.Version);
    }

    [Fact]
    public void Load_MissingDirectory_ThrowsNamingIt()
    {
        using var directory = new TemporaryDirectory();
        var missing = directory.File("policies");

        var error = Assert.Throws<PolicyException>(() => PolicySet.Load(missing));

        Assert.Equal($"The policy directory '{missing}' does not exist.", error.Message);
    }

    [Fact]
    public void Load_BadFile_ThrowsNamingItsPath()
    {
        using var directory = new TemporaryDirectory();
        File.WriteAllText(directory.File("zones.yaml"), "name: zones\ndefault: maybe\n");

        var error = Assert.Throws<PolicyException>(() => PolicySet.Load(directory.Path));

        Assert.StartsWith($"{directory.File("zones.yaml")}:2:10: default must be one of", error.Message, StringComparison.Ordinal);
    }
}
