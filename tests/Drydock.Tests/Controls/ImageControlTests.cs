using Drydock.Controls;
using Drydock.Policy;
using Drydock.Images;

namespace Drydock.Tests.Controls;

public sealed class ImageControlTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("root")]
    [InlineData("0")]
    [InlineData("0:0")]
    [InlineData("root:staff")]
    public void Cis41_RootUser_Fails(string? user)
    {
        // Given
        var image = new ControlTestImage { User = user }.Step("ADD file:abc in /");

        // When
        var result = image.Evaluate(new Cis41NonRootUserControl());

        // Then
        Assert.Equal(ControlOutcome.Fail, result.Outcome);
        Assert.Equal("CIS-4.1", result.Id);
    }

    [Fact]
    public void Cis41_NameMappedToUidZeroInPasswd_Fails()
    {
        // Given
        var image = new ControlTestImage { User = "toor" }.Step("ADD file:abc in /").Step("USER toor", emptyLayer: true);
        image.Files.AddFile("etc/passwd", "root:x:0:0:root:/root:/bin/sh\ntoor:x:0:0::/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n");

        // When
        var result = image.Evaluate(new Cis41NonRootUserControl());

        // Then
        Assert.Equal(ControlOutcome.Fail, result.Outcome);
        Assert.Equal("etc/passwd", result.Evidence.Single().Path);
        Assert.Equal(1, result.Evidence.Single().HistoryIndex);
    }

    [Theory]
    [InlineData("app")]
    [InlineData("1000")]
    [InlineData("1000:1000")]
    public void Cis41_NonRootUser_Passes(string user)
    {
        var image = new ControlTestImage { User = user }.Step("ADD file:abc in /");
        image.Files.AddFile("etc/passwd", "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n");
        Assert.Equal(ControlOutcome.Pass, image.Evaluate(new Cis41NonRootUserControl()).Outcome);
    }

    [Fact]
    public void Cis43_UnnecessaryPackages_FailsWithTheListAndLayers()
    {
        // Given
        var image = new ControlTestImage().Step("ADD file:abc in /").Step("RUN apt-get install -y openssh-server gcc-12")
            .Package("libc6", "2.36-9", 0).Package("openssh-server", "1:9.2p1-2", 1).Package("gcc-12", "12.2.0-14", 1);

        // When
        var result = image.Evaluate(new Cis43UnnecessaryPackagesControl());

        // Then
        Assert.Equal(ControlOutcome.Fail, result.Outcome);
        Assert.Equal(["gcc-12 12.2.0-14 is installed", "openssh-server 1:9.2p1-2 is installed"], result.Evidence.Select(e => e.Message));
        Assert.All(result.Evidence, e => Assert.Equal(1, e.LayerIndex));
        Assert.All(result.Evidence, e => Assert.Equal(1, e.HistoryIndex));
    }

    [Fact]
    public void Cis43_CleanRuntimePackages_Passes()
    {
        var image = new ControlTestImage().Step("ADD file:abc in /").Package("libc6", "2.36-9").Package("ca-certificates", "20230311")
            .Package("gcc-12-base", "12.2.0-14"); // the runtime base package, not a compiler
        Assert.Equal(ControlOutcome.Pass, image.Evaluate(new Cis43UnnecessaryPackagesControl()).Outcome);
    }

    [Fact]
    public void Cis46_DockerConfigWithoutHealthcheck_Fails() =>
        Assert.Equal(ControlOutcome.Fail, new ControlTestImage().Step("ADD file:abc in /").Evaluate(new Cis46HealthcheckControl()).Outcome);

    [Fact]
    public void Cis46_OciConfigWithoutHealthcheck_SkipsAndSaysWhy()
    {
        var result = new ControlTestImage { ConfigMediaType = MediaTypes.OciConfig }.Step("ADD file:abc in /").Evaluate(new Cis46HealthcheckControl());
        Assert.Equal(ControlOutcome.Skip, result.Outcome);
        Assert.Contains("OCI image config format has no HEALTHCHECK", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Cis46_HealthcheckNone_Fails()
    {
        var image = new ControlTestImage { Healthcheck = new HealthConfig { Test = ["NONE"] } }.Step("ADD file:abc in /");
        Assert.Equal(ControlOutcome.Fail, image.Evaluate(new Cis46HealthcheckControl()).Outcome);
    }

    [Fact]
    public void Cis46_Healthcheck_Passes()
    {
        var image = new ControlTestImage { Healthcheck = new HealthConfig { Test = ["CMD-SHELL", "curl -f http://localhost/ || exit 1"] } }.Step("ADD file:abc in /");
        Assert.Equal(ControlOutcome.Pass, image.Evaluate(new Cis46HealthcheckControl()).Outcome);
    }

    [Fact]
    public void Cis47_UpdateAloneInOneStep_FailsOnThatStepOnly()
    {
        // Given
        var image = new ControlTestImage().Step("ADD file:abc in /")
            .Step("/bin/sh -c apt-get update")
            .Step("/bin/sh -c apt-get update && apt-get install -y curl")
            .Step("/bin/sh -c apk update")
            .Step("/bin/sh -c apk add --no-cache git");

        // When
        var result = image.Evaluate(new Cis47UpdateAloneControl());

        // Then
        Assert.Equal(ControlOutcome.Fail, result.Outcome);
        Assert.Equal([1, 3], result.Evidence.Select(e => e.HistoryIndex!.Value));
        Assert.Equal([1, 3], result.Evidence.Select(e => e.LayerIndex!.Value));
    }

    [Fact]
    public void Cis47_UpdateWithInstall_Passes()
    {
        var image = new ControlTestImage().Step("ADD file:abc in /").Step("/bin/sh -c apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*");
        Assert.Equal(ControlOutcome.Pass, image.Evaluate(new Cis47UpdateAloneControl()).Outcome);
    }

    [Fact]
    public void Cis48_SetuidFiles_FailWithModeOwnerAndLayer_ExceptAllowListed()
    {
        // Given
        var image = new ControlTestImage { Policy = DrydockPolicy.Default with { SetuidAllowList = ["/usr/bin/passwd"] } }
            .Step("ADD file:abc in /").Step("RUN chmod u+s /usr/local/bin/tool");
        image.Files.AddFile("usr/bin/passwd", "x", 0, 0x9ED); // 04755
        image.Files.AddFile("usr/bin/wall", "x", 0, 0x5ED);   // 02755
        image.Files.AddFile("usr/local/bin/tool", "x", 1, 0x9ED);
        image.Files.AddFile("usr/bin/ls", "x", 0, 0x1ED);

        // When
        var result = image.Evaluate(new Cis48SetuidFilesControl());

        // Then
        Assert.Equal(ControlOutcome.Fail, result.Outcome);
        Assert.Equal(["usr/bin/wall", "usr/local/bin/tool"], result.Evidence.Select(e => e.Path!));
        Assert.Contains("-rwxr-sr-x", result.Evidence[0].Message, StringComparison.Ordinal);
        Assert.Equal(1, result.Evidence[1].LayerIndex);
        Assert.Equal(1, result.Evidence[1].HistoryIndex);
    }

    [Fact]
    public void Cis48_NoSpecialBits_Passes()
    {
        var image = new ControlTestImage().Step("ADD file:abc in /");
        image.Files.AddFile("usr/bin/ls", "x", 0, 0x1ED);
        Assert.Equal(ControlOutcome.Pass, image.Evaluate(new Cis48SetuidFilesControl()).Outcome);
    }

    [Fact]
    public void Cis49_AddSteps_FailRemoteFirst_BaseRootfsIgnored()
    {
        // Given
        var image = new ControlTestImage().Step("/bin/sh -c #(nop) ADD file:4b03b5f551e3fbdf47ec609712007327828f7530cc3455c43bbcdcaf449a75a9 in / ")
            .Step("/bin/sh -c #(nop) ADD file:0123abcd in /app ")
            .Step("ADD https://example.com/tool.tar.gz /opt/ # buildkit");

        // When
        var result = image.Evaluate(new Cis49AddInsteadOfCopyControl());

        // Then
        Assert.Equal(ControlOutcome.Fail, result.Outcome);
        Assert.Equal([2, 1], result.Evidence.Select(e => e.HistoryIndex!.Value));
        Assert.StartsWith("remote URL:", result.Evidence[0].Message, StringComparison.Ordinal);
        Assert.Equal(Drydock.Model.Severity.High, result.Severity);
    }

    [Fact]
    public void Cis49_OnlyBaseRootfsAndCopy_Passes()
    {
        var image = new ControlTestImage().Step("/bin/sh -c #(nop) ADD file:4b03b5f5 in / ").Step("COPY app /app # buildkit");
        Assert.Equal(ControlOutcome.Pass, image.Evaluate(new Cis49AddInsteadOfCopyControl()).Outcome);
    }

    [Fact]
    public void Cis411_TrustedYesSourceAndAllowUntrusted_Fail()
    {
        // Given
        var image = new ControlTestImage().Step("ADD file:abc in /").Step("/bin/sh -c apk add --allow-untrusted /tmp/x.apk");
        image.Files.AddFile("etc/apt/sources.list.d/extra.list", "# comment [trusted=yes]\ndeb [trusted=yes] http://repo.example.com stable main\n", 1);
        image.Files.AddFile("etc/yum.repos.d/x.repo", "[x]\nbaseurl=http://x\ngpgcheck=0\n", 1);
        image.Files.AddFile("etc/apt/sources.list", "deb http://deb.debian.org/debian bookworm main\n", 0);

        // When
        var result = image.Evaluate(new Cis411VerifiedPackagesControl());

        // Then
        Assert.Equal(ControlOutcome.Fail, result.Outcome);
        Assert.Equal(3, result.Evidence.Count);
        Assert.Contains(result.Evidence, e => e.Message == "/etc/apt/sources.list.d/extra.list:2: deb [trusted=yes] http://repo.example.com stable main");
        Assert.Contains(result.Evidence, e => e.Path == "etc/yum.repos.d/x.repo");
        Assert.Contains(result.Evidence, e => e.HistoryIndex == 1 && e.Message.Contains("--allow-untrusted", StringComparison.Ordinal));
    }

    [Fact]
    public void Cis411_CurlPipeShell_Fails()
    {
        var image = new ControlTestImage().Step("ADD file:abc in /").Step("/bin/sh -c curl -fsSL https://get.example.com | sh");
        Assert.Equal(ControlOutcome.Fail, image.Evaluate(new Cis411VerifiedPackagesControl()).Outcome);
    }

    [Fact]
    public void Cis411_VerifiedSources_Passes()
    {
        var image = new ControlTestImage().Step("ADD file:abc in /").Step("/bin/sh -c apt-get update && apt-get install -y curl");
        image.Files.AddFile("etc/apt/sources.list", "deb http://deb.debian.org/debian bookworm main\n");
        Assert.Equal(ControlOutcome.Pass, image.Evaluate(new Cis411VerifiedPackagesControl()).Outcome);
    }
}
