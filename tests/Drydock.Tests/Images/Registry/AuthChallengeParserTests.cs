using Drydock.Images.Sources.Registry;

namespace Drydock.Tests.Images.Registry;

public sealed class AuthChallengeParserTests
{
    [Fact]
    public void Parse_DockerHubBearer_RealmServiceScope()
    {
        // Given
        const string header = "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/debian:pull\"";

        // When
        var challenge = Assert.Single(AuthChallengeParser.Parse(header));

        // Then
        Assert.True(challenge.IsBearer);
        Assert.Equal("https://auth.docker.io/token", challenge.Realm);
        Assert.Equal("registry.docker.io", challenge.Service);
        Assert.Equal("repository:library/debian:pull", challenge.Scope);
    }

    [Fact]
    public void Parse_QuotedCommaAndEscapes_KeptInsideValue()
    {
        // Given: distribution's insufficient_scope answer lists actions with a comma inside the quotes
        const string header = "Bearer realm=\"http://127.0.0.1:5080/token\",service=\"reg\",scope=\"repository:demo/app:push,pull\",error=\"insufficient_scope\",x=\"a\\\"b\"";

        // When
        var challenge = Assert.Single(AuthChallengeParser.Parse(header));

        // Then
        Assert.Equal("repository:demo/app:push,pull", challenge.Scope);
        Assert.Equal("insufficient_scope", challenge.Error);
        Assert.Equal("a\"b", challenge.Parameters["x"]);
    }

    [Fact]
    public void Parse_TwoChallengesUnquotedToken_BothWithTheirParameters()
    {
        // Given
        const string header = "Basic realm=\"drydock-it\", Bearer realm=https://auth.example/token, service=example";

        // When
        var challenges = AuthChallengeParser.Parse(header);

        // Then
        Assert.Equal(2, challenges.Count);
        Assert.True(challenges[0].IsBasic);
        Assert.Equal("drydock-it", challenges[0].Realm);
        Assert.True(challenges[1].IsBearer);
        Assert.Equal("https://auth.example/token", challenges[1].Realm);
        Assert.Equal("example", challenges[1].Service);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" , ")]
    public void Parse_EmptyOrGarbage_NoChallenges(string header)
    {
        // Given / When
        var challenges = AuthChallengeParser.Parse(header);

        // Then
        Assert.Empty(challenges);
    }

    [Fact]
    public void Parse_ParameterNames_CaseInsensitive()
    {
        // Given / When
        var challenge = Assert.Single(AuthChallengeParser.Parse("bearer REALM=\"https://r/t\",Service=\"s\""));

        // Then
        Assert.True(challenge.IsBearer);
        Assert.Equal("https://r/t", challenge.Realm);
        Assert.Equal("s", challenge.Service);
    }
}
