using Vigil.Commands;

return CommandRouter.Run(args);
