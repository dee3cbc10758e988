using BenchmarkDotNet.Running;
using Drydock.Benchmarks;

// Whole-process benchmarks are named modes; everything else goes to BenchmarkDotNet.
if (args is ["layers", var layout, ..])
    return await LayersBenchmark.RunAsync(layout, args.Length > 2 && int.TryParse(args[2], out var n) ? n : 3);

BenchmarkSwitcher.FromAssembly(typeof(LayersBenchmark).Assembly).Run(args);
return 0;
