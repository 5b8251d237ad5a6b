/** How a block names a clinic's picture: `[[image:knee-to-chest]]`. */
export const IMAGE_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;
