using System.CommandLine;
using Drydock.Images.Sources.Registry;
using Drydock.Vulnerabilities.Database;
using Drydock.Vulnerabilities.Distribution;

namespace Drydock.Cli.Commands;

/// <summary><c>drydock db push REF</c> and <c>drydock db pull [REF]</c>: the database as an OCI artifact (docs/db-artifact.md).</summary>
internal static class DbDistributionCommands
{
    public static Command Push()
    {
        var db = Db();
        var reference = new Argument<string>("REF") { Description = "registry/repo[:tag] to push to; the tag defaults to the schema version (2)." };
        var key = new Option<string?>("--key") { Description = "Unencrypted PEM EC (P-256) private key: also push a cosign-format signature over the manifest digest (tag sha256-<hex>.sig)." };
        var insecure = CommonOptions.InsecureRegistry();
        var command = new Command("push", "Publish the local database as an OCI artifact: one columns layer per feed (each table's columns as zstd streams; a layer the repository already holds "
            + "is not uploaded again), annotations for the schema, build time and each feed's fetch time. Prints REF@DIGEST on stdout.")
        {
            db, reference, key, insecure,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = DatabaseLocation.Resolve(parse.GetValue(db));
            var target = DbArtifact.ParseReference(parse.GetValue(reference)!);
            using var progress = StderrProgress.For(parse.InvocationConfiguration.Error, parse.GetValue(DrydockCli.Quiet));
            var pusher = new DbPusher(new RegistryClientOptions { InsecureRegistries = CommonOptions.InsecureRegistries(parse, insecure), Progress = progress }, progress);
            var result = await pusher.PushAsync(path, target, parse.GetValue(key), cancellationToken);
            progress.Finish();
            await parse.InvocationConfiguration.Error.WriteLineAsync(
                $"drydock: pushed {path} to {target.Name}:{result.Tag}: {result.Layers} feed layers ({result.Uploaded} uploaded, {result.Layers - result.Uploaded} already there), {result.Bytes} bytes{(result.Signed ? ", signed" : "")}");
            await parse.InvocationConfiguration.Output.WriteLineAsync($"{target.Name}:{result.Tag}@{result.Manifest}");
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command Pull()
    {
        var db = Db();
        var reference = new Argument<string?>("REF") { Description = $"registry/repo[:tag|@digest] (default: ${DbRepositoryOptions.EnvironmentVariable}, else the policy's database.repository); the tag defaults to the schema version.", Arity = ArgumentArity.ZeroOrOne };
        var key = new Option<string?>("--db-key", "--key") { Description = "PEM public key the database's cosign signature must verify with (default: the policy's database.key); unsigned or wrongly signed is refused and the old database kept." };
        var policy = CommonOptions.Policy();
        var insecure = CommonOptions.InsecureRegistry();
        var command = new Command("pull", "Install the database from an OCI artifact (see 'db push'): the manifest and layers are digest-verified, a database of another "
            + "schema is refused, only the feed layers not in the blob cache (db-blobs/ beside the database) are downloaded, and the new database is "
            + "swapped in atomically. Parallel pulls of one database wait for each other. On any failure the old database is kept.")
        {
            db, reference, key, policy, insecure,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = DatabaseLocation.Resolve(parse.GetValue(db));
            var rules = CommonOptions.LoadPolicy(parse.GetValue(policy));
            var text = DbRepositoryOptions.RepositoryText(parse.GetValue(reference), rules)
                ?? throw new UsageException($"db pull needs REF (or ${DbRepositoryOptions.EnvironmentVariable}, or database.repository in the policy)");
            var source = DbArtifact.ParseReference(text);
            using var progress = StderrProgress.For(parse.InvocationConfiguration.Error, parse.GetValue(DrydockCli.Quiet));
            var puller = DbRepositoryOptions.Puller(CommonOptions.InsecureRegistries(parse, insecure), progress, parse.GetValue(key) ?? rules.Database.Key);
            var result = await puller.PullAsync(path, source, cancellationToken);
            progress.Finish();
            await parse.InvocationConfiguration.Error.WriteLineAsync(result.UpToDate
                ? $"drydock: {path} is up to date with {source} ({result.Manifest})"
                : $"drydock: database {source} ({result.Manifest}) installed at {path}: {result.Downloaded} of {result.Layers} feed layers downloaded ({result.Bytes} bytes), {result.Layers - result.Downloaded} from the cache"
                  + (result.FeedsWritten < result.Layers ? $"; {result.FeedsWritten} feed(s) replaced in the installed database" : ""));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Option<string?> Db() => new("--db") { Description = "Path of the database file (default: $DRYDOCK_DB, else vuln.db in the cache directory)." };
}
