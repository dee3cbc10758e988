using Drydock.Controls;
using Drydock.Controls.Dockerfile;
using Drydock.Policy;

namespace Drydock.Tests.Controls;

public sealed class DockerfileAuditTests
{
    private const string Violating = """
        # syntax=docker/dockerfile:1
        FROM golang:1.22 AS build
        RUN go build -o /app .

        FROM ubuntu
        ARG NPM_TOKEN=npm_abcdefghijklmnopqrstu1234567890
        RUN apt-get update
        RUN apt-get install -y --no-install-recommends \
              curl \
              openssh-server && \
            curl -fsSL https://get.example.com/install.sh | sh
        ADD https://example.com/tool.tar.gz /opt/
        ADD config.tar /etc/app/
        RUN chmod u+s /usr/local/bin/tool
        ENV AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
        COPY --from=build /app /app
        USER root
        CMD ["/app"]
        """;

    private const string Clean = """
        FROM docker.io/library/golang:1.22 AS build
        RUN go build -o /app .

        FROM gcr.io/distroless/static-debian12:nonroot@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa AS base
        FROM base
        COPY --from=build /app /app
        HEALTHCHECK --interval=30s CMD ["/app", "health"]
        USER 65532:65532
        ENTRYPOINT ["/app"]
        """;

    [Fact]
    public void Parse_ContinuationsAndComments_KeepFirstLineAndStage()
    {
        var df = DockerfileParser.Parse(Violating);
        var install = df.Single(i => i.Keyword == "RUN" && i.Arguments.Contains("install", StringComparison.Ordinal));
        Assert.Equal(8, install.Line);
        Assert.Equal(1, install.Stage);
        Assert.Contains("openssh-server", install.Arguments, StringComparison.Ordinal);
        Assert.Equal(["--from=build"], df.Single(i => i.Keyword == "COPY").Flags);
    }

    [Fact]
    public void Evaluate_ViolatingDockerfile_FailsEachControlAtItsLine()
    {
        // Given
        var policy = DrydockPolicy.Default with { TrustedBases = [new TrustedBase("docker.io/library/*", [])] };

        // When
        var results = DockerfileAudit.Evaluate(DockerfileParser.Parse(Violating), policy).ToDictionary(r => r.Id);

        // Then
        Assert.Equal(ControlOutcome.Fail, results["CIS-4.1"].Outcome);
        Assert.Equal([17], results["CIS-4.1"].Evidence.Select(e => e.Line!.Value));
        Assert.Equal(ControlOutcome.Fail, results["CIS-4.2"].Outcome);
        Assert.Contains(results["CIS-4.2"].Evidence, e => e.Line == 5 && e.Message.Contains("latest", StringComparison.Ordinal));
        Assert.Equal(["installs openssh-server"], results["CIS-4.3"].Evidence.Select(e => e.Message));
        Assert.Equal([8], results["CIS-4.3"].Evidence.Select(e => e.Line!.Value));
        Assert.Equal(ControlOutcome.Skip, results["CIS-4.5"].Outcome);
        Assert.Equal(ControlOutcome.Fail, results["CIS-4.6"].Outcome);
        Assert.Equal([7], results["CIS-4.7"].Evidence.Select(e => e.Line!.Value));
        Assert.Equal([14], results["CIS-4.8"].Evidence.Select(e => e.Line!.Value));
        Assert.Equal([12, 13], results["CIS-4.9"].Evidence.Select(e => e.Line!.Value));
        Assert.StartsWith("remote URL:", results["CIS-4.9"].Evidence[0].Message, StringComparison.Ordinal);
        Assert.Contains(results["CIS-4.10"].Evidence, e => e.Line == 15 && e.Message.Contains("AWS access key ID", StringComparison.Ordinal));
        Assert.Contains(results["CIS-4.10"].Evidence, e => e.Line == 6);
        Assert.All(results["CIS-4.10"].Evidence, e => Assert.DoesNotContain("IOSFODNN7EXAMPLE", e.Message, StringComparison.Ordinal));
        Assert.Equal([8], results["CIS-4.11"].Evidence.Select(e => e.Line!.Value));
    }

    [Fact]
    public void Evaluate_CleanTwin_PassesEveryCheckableControl()
    {
        var policy = DrydockPolicy.Default with { TrustedBases = [new TrustedBase("docker.io/library/*", []), new TrustedBase("gcr.io/distroless/*", [])] };
        var results = DockerfileAudit.Evaluate(DockerfileParser.Parse(Clean), policy);
        Assert.All(results.Where(r => r.Id is not ("CIS-4.5" or "CIS-4.12")), r => Assert.True(r.Outcome == ControlOutcome.Pass, $"{r.Id}: {r.Summary}"));
    }
}
