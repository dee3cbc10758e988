using System.CommandLine;
using Drydock.Cli;

return await DrydockCli.RunAsync(args, Console.Out, Console.Error);
