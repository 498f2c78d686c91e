using Vigil.Commands;

return await CommandRouter.RunAsync(args);
