"""Web layer: the sockets: the live pages' HTML pushes and the API's JSON event stream."""
